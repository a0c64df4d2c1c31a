package io.edgeprov.tests.e2e;

import io.edgeprov.tests.upstream.RabbitMqCluster;
import io.edgeprov.tests.upstream.UpstreamBroker;
import java.nio.file.Path;

/** The fleet sync suite with a three-node RabbitMQ cluster (MQTT plugin, 3.1.1) as the upstream broker. */
class FleetSyncRabbitMqIT extends FleetSyncSuite {
    @Override
    UpstreamBroker upstream(Path folder) throws Exception {
        return RabbitMqCluster.threeNodes(folder);
    }
}
