import Foundation

/// The texts the parity tests compare: real titles and abstracts from the shared corpus and
/// hard strings written to break a tokenizer.
enum TestTexts {
    struct Paper: Decodable {
        var title: String?
        var abstract: String?
    }

    struct Post: Decodable {
        var title: String?
        var summary: String?
    }

    /// Titles and abstracts of the first `records` arXiv records, then lab-post titles and
    /// summaries and mechanistic-interpretability titles; empty strings dropped.
    static func corpus(arxivRecords records: Int = 5_200) throws -> [String] {
        let corpus = TestEnvironment.sharedDirectory.appendingPathComponent("corpus")
        var texts: [String] = []
        let papers = try lines(corpus.appendingPathComponent("arxiv_records.jsonl"), limit: records, as: Paper.self)
        for paper in papers {
            texts.append(paper.title ?? "")
            texts.append(paper.abstract ?? "")
        }
        for post in try lines(corpus.appendingPathComponent("blog_posts_all_labs.jsonl"), limit: 2_000, as: Post.self) {
            texts.append(post.title ?? "")
            texts.append(post.summary ?? "")
        }
        for paper in try lines(corpus.appendingPathComponent("mechinterp_records.jsonl"), limit: 400, as: Paper.self) {
            texts.append(paper.title ?? "")
        }
        return texts.filter { !$0.isEmpty }
    }

    private static func lines<T: Decodable>(_ url: URL, limit: Int, as type: T.Type) throws -> [T] {
        guard let data = try? Data(contentsOf: url) else {
            throw TestEnvironment.SetupError(description: "The shared corpus is missing: \(url.path)")
        }
        let decoder = JSONDecoder()
        return try data.split(separator: 0x0A).prefix(limit).map { try decoder.decode(T.self, from: Data($0)) }
    }

    /// The 26 cases of `shared/fixtures/tokenizer_cases.json`: name, text, ids.
    static func fixtureCases() throws -> [(name: String, text: String, ids: [Int32])] {
        struct Case: Decodable {
            var text: String
            var ids: [Int32]
        }
        let url = TestEnvironment.sharedDirectory.appendingPathComponent("fixtures/tokenizer_cases.json")
        guard let data = try? Data(contentsOf: url) else {
            throw TestEnvironment.SetupError(description: "The tokenizer fixtures are missing: \(url.path)")
        }
        let cases = try JSONDecoder().decode([String: Case].self, from: data)
        return cases.keys.sorted().map { (name: $0, text: cases[$0]!.text, ids: cases[$0]!.ids) }
    }

    /// Strings written to break a tokenizer.
    static let hard: [String] = {
        var texts = [
            "",
            " ",
            "\n\t\r ",
            "Café naïve résumé Zürich Ångström Øresund señor Dvořák",
            "Cafe\u{301} nai\u{308}ve",  // decomposed accents
            "ÀÉÎÕÜ àéîõü ÇçÑñ ß ẞ ﬁ ﬂ Ǆ ǅ ǆ İstanbul ıi",
            "Ελληνικά Σίσυφος ΣΑΣ ς Привет, мир! Ёжик",
            "东京大学の研究者が新しい量子コンピュータを発表した。",
            "中文分词测试：自然语言处理（NLP）是人工智能的一个分支。",
            "한국어 텍스트 처리 ㄱㄴㄷ",
            "カタカナ ひらがな ｶﾀｶﾅ 全角ＡＢＣ１２３",
            "Emoji 🤖🧠✨ 👩‍🔬 🏳️‍🌈 ❤️ 🇺🇸 👍🏽",
            "$\\alpha^2 + \\beta_{ij} = \\frac{1}{2}\\sum_{k=1}^{n} x_k$",
            "\\begin{equation} \\mathcal{L}(\\theta) = -\\log p_\\theta(y|x) \\end{equation}",
            "Let ∀x ∈ ℝ, ∃ε > 0: |f(x) − f(y)| ≤ ε · ‖x − y‖₂ ⇒ ∫₀^∞ e^{−x²} dx = √π/2",
            "See https://arxiv.org/abs/2401.12345v2 and http://example.com/a?b=c&d=e#frag",
            "Contact jane.doe+ml@example.co.uk, DOI 10.1145/3292500.3330701",
            "GPT-4o, Llama-3.1-70B-Instruct, o1-preview, BERT-base-uncased, T5-XXL",
            "3.14159 1,000,000 1e-12 0x1F -42 +7 50% 2nd 1/2 ½ ¾ ⅓",
            "don't can't won't it's users' O'Reilly rock'n'roll — – - ‐ ‑ ‒",
            "Control\u{0}chars\u{7}here\u{1B}[0m\u{7F}end \u{200B}zero\u{200D}width\u{FEFF}bom",
            "NBSP\u{00A0}thin\u{2009}ideographic\u{3000}space\u{2028}line\u{2029}para\u{85}nel",
            "Tab\tnewline\ncarriage\rreturn\u{0B}vt\u{0C}ff",
            "Combining only: \u{301}\u{308}\u{327}",
            "a\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}b",
            "مرحبا بالعالم שלום עולם",
            "हिन्दी पाठ ภาษาไทย ພາສາລາວ",
            "Mixed: résumé東京abc123ΔΣ",
            "Unicode math: 𝑥 𝐱 𝔸 ℵ₀ ∞ ∑ ∏ ∂ ∇ ⊗ ⊕ → ↦ ⟨ψ|φ⟩",
            "Special tokens in text: [CLS] [SEP] [MASK] [PAD] [UNK] [cls] [MASK][MASK]x[SEP]",
            "Brackets [ CLS ] [CLS [MASK",
            "Private use \u{E000}\u{F8FF} replacement \u{FFFD} noncharacter \u{FFFF}",
            "Variation selectors ︎︀ and tags 󠁧󠁢",
            "Quotes “double” ‘single’ «guillemets» „low“ ‹single›",
            "Fullwidth ＡＢＣ！？ halfwidth ｱｲｳ",
            "Roman Ⅻ circled ① superscript ² subscript ₂ ligature ﬀ",
            "Deseret 𐐀𐐨 Osage 𐒰 Adlam 𞤀",
            "CJK compatibility 豈 更 and extension B 𠀀 𪜀",
            String(repeating: "a", count: 100),
            String(repeating: "a", count: 101),
            String(repeating: "é", count: 100),
            String(repeating: "e\u{301}", count: 100),
            String(repeating: "x", count: 300),
            "supercalifragilisticexpialidocious" + String(repeating: "ab", count: 140),
            String(repeating: "antidisestablishmentarianism ", count: 40),
            String(repeating: "word ", count: 300),
            String(repeating: "🤖", count: 120),
            String(repeating: "中", count: 300),
            String(repeating: "!", count: 400),
        ]
        // Every printable ASCII byte, alone and glued to letters.
        let ascii = (32..<127).map { String(UnicodeScalar(UInt8($0))) }
        texts.append(ascii.joined())
        texts.append(ascii.joined(separator: "x"))
        return texts
    }()
}
