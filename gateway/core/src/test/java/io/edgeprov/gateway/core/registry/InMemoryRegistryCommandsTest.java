package io.edgeprov.gateway.core.registry;

/** The registry commands' contract over the in-memory registry the use-case tests run on. */
class InMemoryRegistryCommandsTest extends RegistryCommandsContract {
    @Override
    protected Registry open() {
        InMemoryRegistry memory = new InMemoryRegistry();
        return new Registry(memory, memory.devices(), memory.certificates(), memory.auditLog(), memory, memory, () -> { });
    }
}
