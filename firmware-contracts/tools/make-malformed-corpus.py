#!/usr/bin/env python3
"""Writes the malformed-input corpus (src/test/resources/malformed) and its INDEX.

Each case is a small, deliberate break of contract v1. INDEX lines read:
    <file> <message-type> <field> <PROBLEM>
The corpus is committed; rerun this only to add cases:
    python3 tools/make-malformed-corpus.py   (from firmware-contracts/)
"""
import base64
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "malformed")


def b64(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def dummy(first, n):
    return bytes((first + i) & 0xFF for i in range(n))


# --- a tiny CBOR writer: definite lengths, shortest form, keys in the order given ---
def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, fmt, lim in ((24, ">B", 0xFF), (25, ">H", 0xFFFF), (26, ">I", 0xFFFFFFFF), (27, ">Q", 2**64 - 1)):
        if n <= lim:
            return bytes([major << 5 | ai]) + struct.pack(fmt, n)
    raise ValueError(n)


class Raw(bytes):
    """Pre-encoded CBOR, inserted as is."""


def cbor(v):
    if isinstance(v, Raw):
        return bytes(v)
    if v is None:
        return b"\xf6"
    if isinstance(v, bool):
        return b"\xf5" if v else b"\xf4"
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        e = v.encode()
        return head(3, len(e)) + e
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, tuple):  # a list of (key, value) pairs: a map that may repeat keys
        return head(5, len(v)) + b"".join(cbor(k) + cbor(x) for k, x in v)
    raise TypeError(type(v))


def jenc(v):
    if isinstance(v, Raw):
        return v.decode()
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, bytes):
        return '"' + b64(v) + '"'
    if isinstance(v, str):
        return '"' + v + '"'
    if isinstance(v, list):
        return "[" + ",".join(jenc(x) for x in v) + "]"
    if isinstance(v, tuple):
        return "{" + ",".join(jenc(k) + ":" + jenc(x) for k, x in v) + "}"
    raise TypeError(type(v))


TOKEN = "c7Tq-0001"
BEGIN = (("clientToken", TOKEN), ("ekPublic", dummy(0x10, 24)), ("akPublic", dummy(0x50, 24)))
CHALLENGE = (("clientToken", TOKEN), ("challengeId", "Yx3f_Q9kLm2Z"), ("credentialBlob", dummy(0x70, 20)),
             ("encryptedSecret", dummy(0x90, 16)), ("expiresAt", 1767225900))
FINISH = (("clientToken", TOKEN), ("challengeId", "Yx3f_Q9kLm2Z"), ("secretProof", dummy(0, 32)),
          ("certifyInfo", dummy(0xA0, 16)), ("certifySignature", dummy(0xB0, 16)),
          ("deviceKeyPublic", dummy(0xC0, 24)), ("csr", dummy(0xD0, 20)))
BUNDLE = (("clientToken", TOKEN), ("certificate", dummy(0xE0, 20)), ("chain", [dummy(0x40, 12)]),
          ("notAfter", 1767312000), ("renewAfter", 1767283200))
RENEW = (("clientToken", TOKEN), ("csr", dummy(0xD0, 20)))
NOTICE = (("deviceId", "sensor-0042"), ("serial", "5f3a9c0e12ab34cd"), ("reason", "keyCompromise"),
          ("revokedAt", 1767268800))
REJECTION = (("clientToken", TOKEN), ("code", 206), ("reason", "challenge expired"))


def put(m, key, value):
    """Replaces key's value, or appends the key."""
    out = [(k, value if k == key else v) for k, v in m]
    if key not in dict(m):
        out.append((key, value))
    return tuple(out)


def drop(m, key):
    return tuple((k, v) for k, v in m if k != key)


def nest(depth):
    return Raw(b"\x81" * depth + b"\x00")


json_cases = [
    ("not-json", "attestation-begin", b"hello", "$", "SYNTAX"),
    ("empty", "attestation-begin", b"", "$", "SYNTAX"),
    ("top-level-array", "attestation-begin", b"[1,2]", "$", "NOT_AN_OBJECT"),
    ("trailing-bytes", "attestation-begin", jenc(BEGIN).encode() + b"x", "$", "TRAILING_DATA"),
    ("trailing-object", "attestation-begin", jenc(BEGIN).encode() + b"{}", "$", "TRAILING_DATA"),
    ("unclosed-object", "attestation-begin", jenc(BEGIN).encode()[:-1], "$", "SYNTAX"),
    ("duplicate-key", "attestation-begin", jenc(BEGIN + (("clientToken", "other"),)).encode(), "clientToken",
     "DUPLICATE_FIELD"),
    ("duplicate-key-inside-unknown", "attestation-begin",
     jenc(put(BEGIN, "future", (("a", 1), ("a", 2)))).encode(), "future", "DUPLICATE_FIELD"),
    ("missing-field", "attestation-begin", jenc(drop(BEGIN, "akPublic")).encode(), "akPublic", "MISSING"),
    ("null-field", "attestation-begin", jenc(put(BEGIN, "ekPublic", None)).encode(), "ekPublic", "NULL_VALUE"),
    ("null-optional-field", "attestation-begin", jenc(put(BEGIN, "ekCertificate", None)).encode(), "ekCertificate",
     "NULL_VALUE"),
    ("number-for-bytes", "attestation-begin", jenc(put(BEGIN, "ekPublic", 5)).encode(), "ekPublic", "WRONG_TYPE"),
    ("object-for-text", "attestation-begin", jenc(put(BEGIN, "clientToken", (("x", 1),))).encode(), "clientToken",
     "WRONG_TYPE"),
    ("base64-padding", "attestation-begin", jenc(put(BEGIN, "ekPublic", Raw(b'"AAE="'))).encode(), "ekPublic",
     "BAD_BASE64URL"),
    ("base64-standard-alphabet", "attestation-begin", jenc(put(BEGIN, "ekPublic", Raw(b'"ab+/"'))).encode(),
     "ekPublic", "BAD_BASE64URL"),
    ("base64-nonzero-trailing-bits", "attestation-begin", jenc(put(BEGIN, "ekPublic", Raw(b'"AB"'))).encode(),
     "ekPublic", "BAD_BASE64URL"),
    ("base64-impossible-length", "attestation-begin", jenc(put(BEGIN, "ekPublic", Raw(b'"AAAAA"'))).encode(),
     "ekPublic", "BAD_BASE64URL"),
    ("empty-bytes", "attestation-begin", jenc(put(BEGIN, "ekPublic", b"")).encode(), "ekPublic", "EMPTY"),
    ("oversized-ek-public", "attestation-begin", jenc(put(BEGIN, "ekPublic", dummy(0, 2049))).encode(), "ekPublic",
     "TOO_LONG"),
    ("oversized-ek-certificate", "attestation-begin", jenc(put(BEGIN, "ekCertificate", dummy(0, 8193))).encode(),
     "ekCertificate", "TOO_LONG"),
    ("nesting-bomb", "attestation-begin",
     jenc(put(BEGIN, "future", Raw(b"[" * 5000 + b"]" * 5000))).encode(), "future", "NESTING_TOO_DEEP"),
    ("nesting-bomb-unclosed", "attestation-begin", b'{"future":' + b"[" * 60000, "future", "NESTING_TOO_DEEP"),
    ("too-many-unknown-fields", "attestation-begin",
     jenc(BEGIN + tuple(("x%d" % i, i) for i in range(17))).encode(), "$", "TOO_MANY_UNKNOWN_FIELDS"),
    ("field-name-too-long", "attestation-begin", jenc(put(BEGIN, "k" * 65, 1)).encode(), "$", "FIELD_NAME_TOO_LONG"),
    ("invalid-utf8", "attestation-begin", b'{"clientToken":"\xff\xfe"}', "clientToken", "SYNTAX"),
    ("client-token-slash", "attestation-begin", jenc(put(BEGIN, "clientToken", "a/b")).encode(), "clientToken",
     "BAD_FORMAT"),
    ("client-token-too-long", "attestation-begin", jenc(put(BEGIN, "clientToken", "t" * 65)).encode(),
     "clientToken", "TOO_LONG"),
    # The empty token is the gateway's stand-in in rejections (ClientToken.NONE); no request may carry it.
    ("client-token-empty", "attestation-begin", jenc(put(BEGIN, "clientToken", "")).encode(), "clientToken", "EMPTY"),
    ("renew-client-token-empty", "renew-request", jenc(put(RENEW, "clientToken", "")).encode(), "clientToken", "EMPTY"),
    ("device-id-slash", "attestation-begin", jenc(put(BEGIN, "deviceId", "a/b")).encode(), "deviceId", "BAD_FORMAT"),
    ("device-id-empty", "attestation-begin", jenc(put(BEGIN, "deviceId", "")).encode(), "deviceId", "EMPTY"),
    ("challenge-id-wildcard", "challenge", jenc(put(CHALLENGE, "challengeId", "a+b")).encode(), "challengeId",
     "BAD_FORMAT"),
    ("negative-timestamp", "challenge", jenc(put(CHALLENGE, "expiresAt", -1)).encode(), "expiresAt", "OUT_OF_RANGE"),
    ("float-timestamp", "challenge", jenc(put(CHALLENGE, "expiresAt", 1.5)).encode(), "expiresAt", "WRONG_TYPE"),
    ("text-timestamp", "challenge", jenc(put(CHALLENGE, "expiresAt", "1767225900")).encode(), "expiresAt",
     "WRONG_TYPE"),
    ("timestamp-after-9999", "challenge", jenc(put(CHALLENGE, "expiresAt", 253402300800)).encode(), "expiresAt",
     "OUT_OF_RANGE"),
    ("timestamp-beyond-64-bits", "challenge", jenc(put(CHALLENGE, "expiresAt", 10**25)).encode(), "expiresAt",
     "OUT_OF_RANGE"),
    ("timestamp-too-many-digits", "challenge", jenc(put(CHALLENGE, "expiresAt", 10**40)).encode(), "expiresAt",
     "OUT_OF_RANGE"),
    ("secret-proof-short", "attestation-finish", jenc(put(FINISH, "secretProof", dummy(0, 31))).encode(),
     "secretProof", "WRONG_LENGTH"),
    ("oversized-csr", "attestation-finish", jenc(put(FINISH, "csr", dummy(0, 4097))).encode(), "csr", "TOO_LONG"),
    ("device-id-reserved", "attestation-finish", jenc(put(FINISH, "deviceId", "ca")).encode(), "deviceId",
     "RESERVED"),
    ("device-id-number", "attestation-finish", jenc(put(FINISH, "deviceId", 42)).encode(), "deviceId", "WRONG_TYPE"),
    ("chain-too-long", "credential-bundle", jenc(put(BUNDLE, "chain", [dummy(i, 4) for i in range(5)])).encode(),
     "chain", "TOO_MANY_ENTRIES"),
    ("chain-empty", "credential-bundle", jenc(put(BUNDLE, "chain", [])).encode(), "chain", "EMPTY"),
    ("chain-entry-wrong-type", "credential-bundle", jenc(put(BUNDLE, "chain", [dummy(0, 4), 1])).encode(),
     "chain[1]", "WRONG_TYPE"),
    ("chain-not-array", "credential-bundle", jenc(put(BUNDLE, "chain", dummy(0, 4))).encode(), "chain",
     "WRONG_TYPE"),
    ("renew-after-not-after", "credential-bundle", jenc(put(BUNDLE, "renewAfter", 1767312001)).encode(),
     "renewAfter", "INCONSISTENT"),
    ("renew-partial-new-key", "renew-request", jenc(put(RENEW, "deviceKeyPublic", dummy(0xC0, 24))).encode(),
     "certifyInfo", "MISSING"),
    ("revocation-unknown-reason", "revocation-notice", jenc(put(NOTICE, "reason", "stolen")).encode(), "reason",
     "UNKNOWN_VALUE"),
    ("revocation-uppercase-serial", "revocation-notice", jenc(put(NOTICE, "serial", "5F3A")).encode(), "serial",
     "BAD_FORMAT"),
    ("revocation-reserved-device-id", "revocation-notice", jenc(put(NOTICE, "deviceId", "ca")).encode(), "deviceId",
     "RESERVED"),
    ("revocation-device-id-wildcard", "revocation-notice", jenc(put(NOTICE, "deviceId", "dev#1")).encode(),
     "deviceId", "BAD_FORMAT"),
    ("rejection-unknown-code", "rejection", jenc(put(REJECTION, "code", 999)).encode(), "code", "UNKNOWN_VALUE"),
    ("rejection-reason-too-long", "rejection", jenc(put(REJECTION, "reason", "r" * 257)).encode(), "reason",
     "TOO_LONG"),
    ("rejection-reason-control-character", "rejection", jenc(put(REJECTION, "reason", Raw(b'"bad\\u0007"'))).encode(),
     "reason", "BAD_FORMAT"),
]

cbor_cases = [
    ("empty", "attestation-begin", b"", "$", "SYNTAX"),
    ("top-level-array", "attestation-begin", cbor([1, 2]), "$", "NOT_AN_OBJECT"),
    ("truncated", "attestation-begin", cbor(BEGIN)[:-5], "akPublic", "SYNTAX"),
    ("trailing-bytes", "attestation-begin", cbor(BEGIN) + b"\x00", "$", "TRAILING_DATA"),
    ("indefinite-map", "attestation-begin",
     b"\xbf" + b"".join(cbor(k) + cbor(v) for k, v in BEGIN) + b"\xff", "$", "INDEFINITE_LENGTH"),
    ("indefinite-byte-string", "attestation-begin",
     cbor(put(BEGIN, "ekPublic", Raw(b"\x5f" + cbor(dummy(0x10, 12)) + cbor(dummy(0x1C, 12)) + b"\xff"))),
     "ekPublic", "INDEFINITE_LENGTH"),
    ("indefinite-array-in-unknown", "attestation-begin", cbor(put(BEGIN, "future", Raw(b"\x9f\x01\xff"))), "future",
     "INDEFINITE_LENGTH"),
    ("unexpected-break", "attestation-begin", cbor(put(BEGIN, "future", Raw(b"\xff"))), "future", "SYNTAX"),
    ("duplicate-key", "attestation-begin", cbor(BEGIN + (("ekPublic", dummy(0, 4)),)), "ekPublic",
     "DUPLICATE_FIELD"),
    ("missing-field", "attestation-begin", cbor(drop(BEGIN, "ekPublic")), "ekPublic", "MISSING"),
    ("null-field", "attestation-begin", cbor(put(BEGIN, "akPublic", None)), "akPublic", "NULL_VALUE"),
    ("text-for-bytes", "attestation-begin", cbor(put(BEGIN, "ekPublic", b64(dummy(0x10, 24)))), "ekPublic",
     "WRONG_TYPE"),
    ("bytes-for-text", "attestation-begin", cbor(put(BEGIN, "clientToken", TOKEN.encode())), "clientToken",
     "WRONG_TYPE"),
    ("oversized-ak-public", "attestation-begin", cbor(put(BEGIN, "akPublic", dummy(0, 2049))), "akPublic",
     "TOO_LONG"),
    ("nesting-bomb", "attestation-begin", cbor(put(BEGIN, "future", nest(10000))), "future", "NESTING_TOO_DEEP"),
    ("integer-key", "attestation-begin", cbor(BEGIN + ((1, 2),)), "$", "UNSUPPORTED_ENCODING"),
    ("undefined-value", "attestation-begin", cbor(put(BEGIN, "ekCertificate", Raw(b"\xf7"))), "ekCertificate",
     "UNSUPPORTED_ENCODING"),
    ("invalid-utf8-text", "attestation-begin", cbor(put(BEGIN, "clientToken", Raw(b"\x62\xff\xfe"))), "clientToken",
     "SYNTAX"),
    ("byte-string-claims-4gib", "attestation-begin", cbor(put(BEGIN, "ekPublic", Raw(b"\x5a\xff\xff\xff\xff"))),
     "ekPublic", "SYNTAX"),
    ("array-claims-2-pow-64-items", "attestation-begin", cbor(put(BEGIN, "future", Raw(b"\x9b" + b"\xff" * 8))),
     "future", "SYNTAX"),
    ("too-many-unknown-fields", "attestation-begin", cbor(BEGIN + tuple(("x%d" % i, i) for i in range(17))), "$",
     "TOO_MANY_UNKNOWN_FIELDS"),
    ("device-id-too-long", "attestation-begin", cbor(put(BEGIN, "deviceId", "d" * 65)), "deviceId", "TOO_LONG"),
    ("device-id-bytes", "attestation-begin", cbor(put(BEGIN, "deviceId", b"sensor-0042")), "deviceId", "WRONG_TYPE"),
    ("tagged-timestamp", "challenge", cbor(put(CHALLENGE, "expiresAt", Raw(b"\xc1" + cbor(1767225900)))),
     "expiresAt", "UNSUPPORTED_ENCODING"),
    ("non-shortest-integer", "challenge", cbor(put(CHALLENGE, "expiresAt", Raw(b"\x1b" + struct.pack(">Q", 1767225900)))),
     "expiresAt", "UNSUPPORTED_ENCODING"),
    ("non-shortest-length", "challenge", cbor(put(CHALLENGE, "challengeId", Raw(b"\x78\x03abc"))), "challengeId",
     "UNSUPPORTED_ENCODING"),
    ("negative-timestamp", "challenge", cbor(put(CHALLENGE, "expiresAt", -1)), "expiresAt", "OUT_OF_RANGE"),
    ("uint64-max-timestamp", "challenge", cbor(put(CHALLENGE, "expiresAt", 2**64 - 1)), "expiresAt", "OUT_OF_RANGE"),
    ("half-float-timestamp", "challenge", cbor(put(CHALLENGE, "expiresAt", Raw(b"\xf9\x3c\x00"))), "expiresAt",
     "WRONG_TYPE"),
    ("secret-proof-long", "attestation-finish", cbor(put(FINISH, "secretProof", dummy(0, 33))), "secretProof",
     "WRONG_LENGTH"),
    ("device-id-slash", "attestation-finish", cbor(put(FINISH, "deviceId", "a/b")), "deviceId", "BAD_FORMAT"),
    ("device-id-duplicate", "attestation-finish",
     cbor(put(FINISH, "deviceId", "sensor-0042") + (("deviceId", "sensor-0043"),)), "deviceId", "DUPLICATE_FIELD"),
    ("chain-too-long", "credential-bundle", cbor(put(BUNDLE, "chain", [dummy(i, 4) for i in range(5)])), "chain",
     "TOO_MANY_ENTRIES"),
    ("chain-entry-null", "credential-bundle", cbor(put(BUNDLE, "chain", [dummy(0, 4), None])), "chain[1]",
     "NULL_VALUE"),
    ("renew-partial-new-key", "renew-request", cbor(put(put(RENEW, "certifyInfo", dummy(0xA0, 16)),
                                                         "certifySignature", dummy(0xB0, 16))),
     "deviceKeyPublic", "MISSING"),
    ("rejection-code-negative", "rejection", cbor(put(REJECTION, "code", -206)), "code", "OUT_OF_RANGE"),
    ("revocation-serial-too-long", "revocation-notice", cbor(put(NOTICE, "serial", "a" * 41)), "serial", "TOO_LONG"),
]


def main():
    index = ["# <file> <message-type> <field> <PROBLEM>; written by tools/make-malformed-corpus.py"]
    for sub, ext, cases in (("json", "json", json_cases), ("cbor", "cbor", cbor_cases)):
        os.makedirs(os.path.join(ROOT, sub), exist_ok=True)
        for name, mtype, data, field, problem in cases:
            path = "%s/%s.%s" % (sub, name, ext)
            with open(os.path.join(ROOT, path), "wb") as f:
                f.write(data)
            index.append("%s %s %s %s" % (path, mtype, field, problem))
    with open(os.path.join(ROOT, "INDEX"), "w") as f:
        f.write("\n".join(index) + "\n")


if __name__ == "__main__":
    main()
