/** View models: screen state as JavaFX properties, gateway calls off the FX thread, results applied on it. */
package io.edgeprov.ui.viewmodel;
