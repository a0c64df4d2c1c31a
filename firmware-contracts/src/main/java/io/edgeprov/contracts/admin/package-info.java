/** The admin plane's wire contract between the console and the gateway: topics, requests, replies, events, codec. */
package io.edgeprov.contracts.admin;
