package io.parley.push.routing;

import org.springframework.test.context.TestPropertySource;

/**
 * The delivery-order tests again with every audience of two or more written by the writer threads
 * (docs/adr/0199): order per conversation, exactly once, membership at its place in the log, and
 * each socket's event ids rising, with real sockets.
 */
@TestPropertySource(
    properties = {"parley.push.parallel-write-audience=2", "parley.push.writer-threads=3"})
class ParallelWritesDeliveryOrderTest extends DeliveryOrderTest {}
