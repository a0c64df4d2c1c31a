package io.edgeprov.contracts.admin;

/** What a role (or break-glass) lets a person do (the gateway's {@code Permission}, by the same names). */
public enum AdminPermission {
    VIEW, ONBOARD, APPROVE, REVOKE, POLICY, AUDIT, MANAGE_OPERATORS
}
