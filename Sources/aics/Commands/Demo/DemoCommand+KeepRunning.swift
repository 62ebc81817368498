import Foundation

extension DemoCommand {
    /// `--keep-running`: tells how to reach the still-running broker and worker, then waits for
    /// Ctrl-C (SIGINT) or SIGTERM.
    func waitForUser(bootstrapServers: String, tenantID: String, printer: DemoPrinter) async {
        printer.section("Still running: the embedded Kafka and the worker (Ctrl-C to stop)")
        printer.note("AICS_KAFKA_BROKERS=\(bootstrapServers)")
        printer.note("watch:  aics tail --kafka-brokers \(bootstrapServers) -t cs.suggestions -t cs.replies")
        // Printed as is (not wrapped) so that it can be pasted into a shell.
        print("""
               send:   aics send --kafka-brokers \(bootstrapServers) -t cs.inbound \\
                 -k conv-2001 '{"message_id":"\(tenantID)-m1","tenant_id":"\(tenantID)",
                 "account_id":"demo-hosted","channel":"web",
                 "conversation_id":"conv-2001","customer":{"id":"me"},
                 "sent_at":"2026-11-25T03:00:00Z",
                 "content":{"type":"text","text":"How long does shipping take?"}}'
            """)
        fflush(nil)
        _ = await ShutdownSignal.wait()
    }
}
