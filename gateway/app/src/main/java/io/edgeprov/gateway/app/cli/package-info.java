/** The gateway's command line: one picocli command per operator task. */
package io.edgeprov.gateway.app.cli;
