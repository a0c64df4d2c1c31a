package io.edgeprov.tests.upstream;

/** The user a gateway logs in to the upstream broker with; both harness brokers refuse anonymous clients. */
public record UpstreamCredentials(String username, String password) {
    public UpstreamCredentials {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("username and password are required");
        }
    }

    public char[] passwordChars() {
        return password.toCharArray();
    }

    @Override
    public String toString() {
        return "UpstreamCredentials[username=" + username + ", password=***]";
    }
}
