package io.edgeprov.contracts.admin;

/** The roles people hold (the gateway's {@code OperatorRole}, by the same names). */
public enum AdminRole {
    TECHNICIAN, OPERATOR, AUDITOR
}
