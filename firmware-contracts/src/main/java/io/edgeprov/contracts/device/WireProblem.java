package io.edgeprov.contracts.device;

/**
 * What was wrong with a field or message that breaks the contract. Every refusal of the
 * contract (record validation or decoding) names one of these together with the field.
 */
public enum WireProblem {
    MESSAGE_TOO_LARGE("the whole message is larger than the size cap"),
    SYNTAX("the bytes are not well-formed JSON or CBOR"),
    NOT_AN_OBJECT("the top-level item is not a JSON object or CBOR map"),
    TRAILING_DATA("bytes or tokens follow the top-level item"),
    NESTING_TOO_DEEP("arrays or objects are nested deeper than allowed"),
    INDEFINITE_LENGTH("CBOR indefinite-length item; only definite lengths are accepted"),
    UNSUPPORTED_ENCODING("CBOR feature outside the contract (tag, non-text key, non-shortest length, simple value)"),
    DUPLICATE_FIELD("the same key appears twice in one object"),
    TOO_MANY_UNKNOWN_FIELDS("more unknown fields than the contract tolerates"),
    FIELD_NAME_TOO_LONG("a key is longer than allowed"),
    MISSING("a required field is absent"),
    NULL_VALUE("a field is present with a null value"),
    WRONG_TYPE("a field has the wrong JSON/CBOR type"),
    BAD_BASE64URL("a binary field is not canonical unpadded base64url"),
    EMPTY("a field is empty but must not be"),
    TOO_LONG("a field is longer than its bound"),
    WRONG_LENGTH("a fixed-length field has another length"),
    TOO_MANY_ENTRIES("a list has more entries than its bound"),
    BAD_FORMAT("a text field contains characters or a shape it must not"),
    RESERVED("a value is reserved by the contract"),
    OUT_OF_RANGE("a number is outside its allowed range"),
    UNKNOWN_VALUE("an enumerated value is not one the contract defines"),
    INCONSISTENT("fields contradict each other");

    private final String meaning;

    WireProblem(String meaning) {
        this.meaning = meaning;
    }

    /** One line saying what this problem means. */
    public String meaning() {
        return meaning;
    }
}
