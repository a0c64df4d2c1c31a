/** Fleet upstream brokers for the sync suites: a three-node RabbitMQ cluster or one Mosquitto, started and stopped by PID. */
package io.edgeprov.tests.upstream;
