package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.app.GatewayApplication;
import io.edgeprov.gateway.app.config.GatewayConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the gateway until SIGTERM or SIGINT, whose shutdown hook stops it cleanly. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start the gateway from its configuration and run until stopped (SIGTERM or Ctrl-C).")
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway.yaml to run.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config = CliSupport.loadConfig(spec, configFile);
        PrintWriter console = spec.commandLine().getOut();
        GatewayApplication application = GatewayApplication.builder()
                .config(config)
                .build();
        application.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            application.stop();
            stopped.countDown();
        }, "edge-provisioner-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        console.printf("gateway %s running%n", config.gatewayId());
        console.printf("  MQTT (TLS)      %s:%d%n", application.mqttAddress().getHostString(), application.mqttAddress().getPort());
        application.coapAddress().ifPresent(coap -> console.printf("  CoAP (DTLS)     coaps://%s:%d/.well-known/est%n",
                coap.getHostString(), coap.getPort()));
        console.printf("  health/metrics  http://%s:%d/health  /metrics%n", config.http().bind(), application.httpPort());
        console.printf("  data            %s%n", config.dataDir());
        console.println("stop with SIGTERM or Ctrl-C");
        console.flush();
        stopped.await();
        return 0;
    }
}
