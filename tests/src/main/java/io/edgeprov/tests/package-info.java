/** End-to-end suites that start the real parts. */
package io.edgeprov.tests;
