/** End-to-end suites: the real gateway application, its embedded broker and simulated fleets over TLS. */
package io.edgeprov.tests.e2e;
