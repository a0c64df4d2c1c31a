package io.edgeprov.ui.view;

import io.edgeprov.ui.viewmodel.ConnectViewModel;
import java.io.File;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** Gateway address, certificate file, password; the error says what to do about it. */
public final class ConnectView extends StackPane {
    private final PasswordField password = new PasswordField();

    public ConnectView(ConnectViewModel model) {
        getStyleClass().add("connect-view");
        Label title = new Label("Edge Provisioner console");
        title.getStyleClass().add("title");
        Label subtitle = new Label("Connect to a gateway with your operator certificate.");
        subtitle.getStyleClass().add("subtitle");

        TextField address = new TextField();
        address.setId("address");
        address.setPromptText("host:port");
        address.textProperty().bindBidirectional(model.addressProperty());

        TextField file = new TextField();
        file.setId("certificate-file");
        file.setPromptText("operator.p12");
        file.textProperty().bindBidirectional(model.certificateFileProperty());
        Button browse = new Button("Browse…");
        browse.setId("browse");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Operator certificate");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PKCS#12", "*.p12", "*.pfx"));
            File chosen = chooser.showOpenDialog(getScene().getWindow());
            if (chosen != null) {
                model.certificateFileProperty().set(chosen.getAbsolutePath());
            }
        });
        HBox fileRow = new HBox(6, file, browse);
        HBox.setHgrow(file, Priority.ALWAYS);

        password.setId("password");
        password.setPromptText("certificate password");

        Button connect = new Button("Connect");
        connect.setId("connect");
        connect.setDefaultButton(true);
        connect.disableProperty().bind(model.canConnectBinding().not());
        connect.setOnAction(e -> {
            model.connect(password.getCharacters());
            password.clear();
        });
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(22, 22);
        spinner.visibleProperty().bind(model.busyProperty());
        HBox actions = new HBox(10, connect, spinner);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label errorTitle = new Label();
        errorTitle.setId("error-title");
        errorTitle.getStyleClass().add("error-title");
        errorTitle.textProperty().bind(model.errorTitleProperty());
        Label errorText = new Label();
        errorText.setId("error-text");
        errorText.getStyleClass().add("error-text");
        errorText.setWrapText(true);
        errorText.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        errorText.textProperty().bind(model.errorTextProperty());
        VBox error = new VBox(2, errorTitle, errorText);
        error.getStyleClass().add("error-box");
        error.visibleProperty().bind(model.errorTitleProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.getColumnConstraints().addAll(new ColumnConstraints(140), new ColumnConstraints(320));
        form.addRow(0, new Label("Gateway"), address);
        form.addRow(1, new Label("Certificate file"), fileRow);
        form.addRow(2, new Label("Password"), password);

        VBox card = new VBox(14, title, subtitle, form, actions, error);
        card.getStyleClass().add("card");
        card.setPadding(new Insets(28));
        card.setMaxSize(520, USE_PREF_SIZE);
        getChildren().add(card);
        setAlignment(Pos.CENTER);
    }

    public PasswordField passwordField() {
        return password;
    }
}
