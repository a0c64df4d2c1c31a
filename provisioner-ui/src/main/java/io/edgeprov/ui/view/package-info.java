/** Views: JavaFX nodes bound to their view models, no logic beyond layout and binding. */
package io.edgeprov.ui.view;
