/** JavaFX console over the gateway's admin plane. */
package io.edgeprov.ui;
