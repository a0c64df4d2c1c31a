package io.edgeprov.sim.fleet;

/** Hears a running fleet's progress once per interval, on the fleet's scheduler thread; must not block. */
@FunctionalInterface
public interface FleetProgressListener {
    FleetProgressListener NONE = progress -> { };

    void progress(FleetProgress progress);
}
