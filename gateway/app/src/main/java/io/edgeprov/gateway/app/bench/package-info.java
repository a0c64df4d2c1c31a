/** The gateway benchmark: a real gateway on loopback driven by a simulated fleet, with same-run baselines. */
package io.edgeprov.gateway.app.bench;
