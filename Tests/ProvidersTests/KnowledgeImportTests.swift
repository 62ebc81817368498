import Providers
import Testing

@Suite("Knowledge import: CSV, JSON Lines, Markdown")
struct KnowledgeImportTests {
    @Test func csvWithBOMHeaderQuotesAndCRLF() throws {
        let csv = "\u{FEFF}question,answer,tags\r\n"
            + "\"Do you ship to Canada, too?\",\"Yes — \"\"express\"\" takes 2 days.\nStandard takes 5.\",shipping;intl\r\n"
            + "退款多久到账？,3-5 个工作日。,退款\r\n"
            + "\r\n"
            + "What are your hours?,9 to 21\r\n"
        let entries = try CSVKnowledgeImporter.entries(from: csv)
        #expect(entries == [
            KnowledgeEntry(question: "Do you ship to Canada, too?", answer: "Yes — \"express\" takes 2 days.\nStandard takes 5.", tags: ["shipping", "intl"]),
            KnowledgeEntry(question: "退款多久到账？", answer: "3-5 个工作日。", tags: ["退款"]),
            KnowledgeEntry(question: "What are your hours?", answer: "9 to 21"),
        ])
    }

    @Test(arguments: [
        ("q1,a1\nonly-one-field\n", 2),
        ("q1,a1\n\"multi\nline\",a2\nq3,a3,t,extra\n", 4),
        ("q1,a1\n\"never closed,a2\n", 2),
        ("q1,a1\nq2,\n", 2),
        ("q1,a1\nq\"2,a2\n", 2),
    ])
    func csvErrorsReportTheLine(text: String, line: Int) {
        #expect(throws: KnowledgeImportError.self) { try CSVKnowledgeImporter.entries(from: text) }
        do {
            _ = try CSVKnowledgeImporter.entries(from: text)
        } catch {
            #expect(error.line == line, "\(error)")
        }
    }

    @Test func sampleFAQRoundTripsThroughCSV() throws {
        #expect(try CSVKnowledgeImporter.entries(from: SampleFAQ.csv) == SampleFAQ.entries)
        #expect(SampleFAQ.entries.count >= 20)
    }

    @Test func jsonLines() throws {
        let text = """
        {"question": "How do I reset my password?", "answer": "Use the Forgot password link.", "tags": ["account"]}

        {"question": "发票怎么开？", "answer": "在订单页申请发票。"}
        """
        let entries = try JSONLinesKnowledgeImporter.entries(from: text)
        #expect(entries.count == 2)
        #expect(entries[0].tags == ["account"])
        #expect(entries[1].tags.isEmpty)
    }

    @Test(arguments: [
        ("{\"question\": \"q\", \"answer\": \"a\"}\n{\"question\": \"q\"}\n", 2),
        ("{\"question\": \"q\", \"answer\": \"a\"}\n\nnot json\n", 3),
        ("{\"question\": \"q\", \"answer\": \"a\", \"tags\": \"x\"}\n", 1),
        ("[1, 2]\n", 1),
    ])
    func jsonLinesErrorsReportTheLine(text: String, line: Int) {
        do {
            _ = try JSONLinesKnowledgeImporter.entries(from: text)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == line, "\(error)")
        }
    }

    @Test func markdownHeadingsAndQAPairs() throws {
        let text = """
        # Shop FAQ

        ## How long does shipping take?
        Standard shipping takes 3 to 5 business days.
        Express takes 1 to 2.

        Orders ship from Shanghai.

        Tags: shipping, delivery

        Q: 怎么申请退款？
        A: 在“我的订单”中申请退款。
        签收后 30 天内均可申请。

        问：营业时间？
        答：每天 9:00-21:00。
        """
        let entries = try MarkdownKnowledgeImporter.entries(from: text)
        #expect(entries == [
            KnowledgeEntry(
                question: "How long does shipping take?",
                answer: "Standard shipping takes 3 to 5 business days.\nExpress takes 1 to 2.\n\nOrders ship from Shanghai.",
                tags: ["shipping", "delivery"]),
            KnowledgeEntry(question: "怎么申请退款？", answer: "在“我的订单”中申请退款。\n签收后 30 天内均可申请。"),
            KnowledgeEntry(question: "营业时间？", answer: "每天 9:00-21:00。"),
        ])
    }

    @Test(arguments: [
        ("## Question one\nAnswer one\n\n## Question two\n\n## Question three\nAnswer three\n", 4),
        ("Q: one?\nA: yes\n\nA: orphan answer\n", 4),
        ("Q: one?\nA: yes\nQ: two?\n\n## Three\nAnswer\n", 3),
        ("Some preface text\n## Q\nA\n", 1),
    ])
    func markdownErrorsReportTheLine(text: String, line: Int) {
        do {
            _ = try MarkdownKnowledgeImporter.entries(from: text)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == line, "\(error)")
        }
    }

    @Test func formatFromFileName() {
        #expect(KnowledgeFileFormat(fileName: "faq.CSV") == .csv)
        #expect(KnowledgeFileFormat(fileName: "faq.jsonl") == .jsonLines)
        #expect(KnowledgeFileFormat(fileName: "faq.md") == .markdown)
        #expect(KnowledgeFileFormat(fileName: "faq.txt") == nil)
    }
}
