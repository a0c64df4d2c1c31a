package io.edgeprov.ui.view;

import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

/** Small helpers for read-only text columns. */
final class Tables {
    private Tables() {
    }

    static <S> TableColumn<S, String> column(String title, Function<S, String> value, double width) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(d -> new SimpleStringProperty(d.getValue() == null ? "" : value.apply(d.getValue())));
        return c;
    }

    /** A text column whose cells also carry a style class computed from the row. */
    static <S> TableColumn<S, S> styled(String title, Function<S, String> text, Function<S, String> style, double width) {
        TableColumn<S, S> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(d -> new javafx.beans.property.SimpleObjectProperty<>(d.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private String applied = "";

            @Override
            protected void updateItem(S row, boolean empty) {
                super.updateItem(row, empty);
                if (!applied.isEmpty()) {
                    getStyleClass().remove(applied);
                    applied = "";
                }
                if (empty || row == null) {
                    setText(null);
                    return;
                }
                setText(text.apply(row));
                String s = style.apply(row);
                if (s != null && !s.isEmpty()) {
                    getStyleClass().add(s);
                    applied = s;
                }
            }
        });
        return c;
    }
}
