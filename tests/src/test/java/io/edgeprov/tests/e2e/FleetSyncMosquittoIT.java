package io.edgeprov.tests.e2e;

import io.edgeprov.tests.upstream.MosquittoUpstream;
import io.edgeprov.tests.upstream.UpstreamBroker;
import java.nio.file.Path;

/** The fleet sync suite with one Mosquitto as the upstream broker. */
class FleetSyncMosquittoIT extends FleetSyncSuite {
    @Override
    UpstreamBroker upstream(Path folder) throws Exception {
        return MosquittoUpstream.single(folder);
    }
}
