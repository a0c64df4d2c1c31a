/** The transport-neutral device port: requests keyed by the contract's message types, typed answers, and the effects a front end applies to the connection. */
package io.edgeprov.gateway.core.device;
