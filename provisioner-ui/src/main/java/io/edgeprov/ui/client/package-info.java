/** The console's port to the gateway ({@link io.edgeprov.ui.client.AdminClient}) and how a session is opened. */
package io.edgeprov.ui.client;
