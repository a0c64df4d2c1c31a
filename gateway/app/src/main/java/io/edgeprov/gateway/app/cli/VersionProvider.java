package io.edgeprov.gateway.app.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the jar's implementation version and the JVM it runs on. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = EdgeProvisionerCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "edge-provisioner " + (version == null ? "development build" : version),
            "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        };
    }
}
