package io.edgeprov.contracts.admin;

/** What was wrong with an admin message or one of its fields; every refusal of the codec names one, with the field. */
public enum AdminProblem {
    MESSAGE_TOO_LARGE("the whole message is larger than the size cap"),
    SYNTAX("the bytes are not well-formed JSON"),
    NOT_AN_OBJECT("the top-level item or a nested message is not a JSON object"),
    TRAILING_DATA("tokens follow the top-level object"),
    NESTING_TOO_DEEP("arrays or objects are nested deeper than allowed"),
    DUPLICATE_FIELD("the same key appears twice in one object"),
    UNKNOWN_FIELD("a key the contract does not define (admin messages tolerate none)"),
    MISSING("a required field is absent"),
    NULL_VALUE("a field is present with a null value"),
    WRONG_TYPE("a field has the wrong JSON type"),
    EMPTY("a field is empty but must not be"),
    TOO_LONG("a text field is longer than its bound"),
    TOO_SHORT("a text field is shorter than its bound"),
    TOO_MANY_ENTRIES("a list has more entries than its bound"),
    BAD_FORMAT("a text field contains characters or a shape it must not"),
    OUT_OF_RANGE("a number is outside its allowed range"),
    UNKNOWN_VALUE("an enumerated value is not one the contract defines"),
    INCONSISTENT("fields contradict each other");

    private final String meaning;

    AdminProblem(String meaning) {
        this.meaning = meaning;
    }

    /** One line saying what this problem means. */
    public String meaning() {
        return meaning;
    }
}
