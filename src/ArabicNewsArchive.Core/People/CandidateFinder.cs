using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.People;

/// <summary>
/// Finds names the people list does not know where a title introduces them: a cue (الرئيس، وزير، المتحدث،
/// الناطق، سكرتير، السفير، مساعد، مستشار), its qualifiers (الخارجية الروسي، باسم الكرملين، لدى الصين) and then a
/// name of two words (three with عبد/أبو/بن). Two words are required on purpose: a title followed by a single
/// indefinite word is too often a title followed by ordinary text ("أكد الرئيس الصيني التزام الصين").
/// </summary>
internal static class CandidateFinder
{
    private static readonly HashSet<string> s_cues = new(StringComparer.Ordinal)
    {
        "الرءيس", "رءيس", "وزير", "وزيره", "المتحدث", "الناطق", "متحدث", "سكرتير", "السكرتير", "السفير", "سفير",
        "مساعد", "مستشار", "المستشار", "نايب", "ناءب", "امين", "الامين",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_cueSpans = s_cues.GetAlternateLookup<ReadOnlySpan<char>>();

    // Undefined nouns that carry a title on to its complement (مجلس الأمن، وزارة الخارجية).
    private static readonly HashSet<string> s_qualifiers = new(StringComparer.Ordinal)
    {
        "باسم", "لدي", "مجلس", "وزاره", "لجنه", "مكتب", "رءيس", "حزب", "دوله", "حكومه", "جمهوريه", "عضو",
        "شءون", "الشءون", "لشءون", "عام", "وزير", "الوزراء", "مساعد", "العام", "اول", "مجلس", "امانه",
    };

    // Words that end a name or show that no name follows.
    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "في", "من", "علي", "الي", "عن", "مع", "ان", "انه", "انها", "بان", "بانه", "قد", "لم", "لن", "لا", "ما",
        "كان", "كانت", "يوم", "امس", "منذ", "حيث", "كما", "بعد", "قبل", "خلال", "عند", "لدي", "نفسه", "ذاته",
        "هو", "هي", "الذي", "التي", "او", "ثم", "حول", "بين", "ضد", "عبر", "غدا", "اليوم", "نظيره", "نظيرته",
        "قال", "قالت", "اكد", "اكدت", "صرح", "اضاف", "شدد", "اشار", "اعلن", "تابع", "يقول", "يلتقي", "زار", "يزور",
        "وقال", "واكد", "واضاف", "التقي", "بحث", "يبحث", "سيزور", "وصل", "يصل", "دعا", "يدعو", "اجري", "يجري",
    };

    private static readonly HashSet<string> s_connectors = new(StringComparer.Ordinal) { "عبد", "ابو", "بن", "ابن", "بنت", "ولد" };

    public static IReadOnlyList<CandidatePersonFact> Find(
        string text, IReadOnlyList<Token> tokens, IReadOnlyList<PersonMatch> known, IReadOnlySet<string> knownSlugs)
    {
        var knownAt = new bool[tokens.Count];
        foreach (var m in known)
        {
            for (var t = m.FirstToken; t <= m.LastToken; t++)
            {
                knownAt[t] = true;
            }
        }

        // The text's words are needed only once a cue is found, which most articles never have.
        HashSet<string>? words = null;
        var result = new List<CandidatePersonFact>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (knownAt[i] || !IsCue(tokens[i].Normalized))
            {
                continue;
            }

            var j = i + 1;
            var qualifiers = 0;
            // A definite word continues the title only as an adjective (الروسي، الرسمي) or as the complement of an
            // undefined noun (وزير الخارجية، باسم الكرملين); "أكد الرئيس الصيني التزام الصين" stops at التزام.
            var construct = !StripConjunction(tokens[i].Normalized).StartsWith("ال", StringComparison.Ordinal);
            while (j < tokens.Count && qualifiers < 8 && !knownAt[j] && IsQualifier(tokens[j].Normalized, construct)
                && Gap(text, tokens[j - 1].End, tokens[j].Start, allowComma: false))
            {
                construct = s_qualifiers.Contains(tokens[j].Normalized);
                j++;
                qualifiers++;
            }

            if (j >= tokens.Count || knownAt[j] || !Gap(text, tokens[j - 1].End, tokens[j].Start, allowComma: true))
            {
                continue;
            }

            var first = j;
            var wanted = 2;
            words ??= tokens.Select(t => t.Normalized).ToHashSet(StringComparer.Ordinal);
            while (j < tokens.Count && j - first < wanted && IsNameWord(tokens[j], words) && !knownAt[j]
                && (j == first || Gap(text, tokens[j - 1].End, tokens[j].Start, allowComma: false)))
            {
                if (s_connectors.Contains(tokens[j].Normalized))
                {
                    wanted = 3;
                }

                j++;
            }

            if (j - first < wanted || (j < tokens.Count && knownAt[j] && OnlySpace(text, tokens[j - 1].End, tokens[j].Start)))
            {
                continue;
            }

            var start = tokens[first].Start;
            var end = tokens[j - 1].End;
            var name = text[start..end];
            var slug = ArabicTransliterator.ToSlug(name);
            if (slug.Length == 0 || knownSlugs.Contains(slug) || !seen.Add(slug))
            {
                continue;
            }

            var cue = text[tokens[i].Start..tokens[first - 1].End].TrimEnd(' ', '،', ',');
            result.Add(new CandidatePersonFact(slug, name, cue, start, end));
        }

        return result;
    }

    // As s_cues.Contains(StripConjunction(word)), without a substring: this runs on every token.
    private static bool IsCue(string word) =>
        s_cues.Contains(word) || (word.Length > 4 && word[0] is 'و' or 'ف' or 'ل' or 'ب' && s_cueSpans.Contains(word.AsSpan(1)));

    private static bool IsQualifier(string word, bool afterConstruct)
    {
        if (s_qualifiers.Contains(word))
        {
            return true;
        }

        var definite = word.StartsWith("ال", StringComparison.Ordinal) || word.StartsWith("لل", StringComparison.Ordinal);
        return definite && (afterConstruct || IsNisba(word));
    }

    // Relational adjectives (الروسي، الصينية، الخارجية، الرسمي) end in ي or ية.
    private static bool IsNisba(string word) =>
        word.EndsWith('ي') || word.EndsWith("يه", StringComparison.Ordinal) || word.EndsWith("يين", StringComparison.Ordinal);

    // A word that is a particle plus another word of the same text ("وروسيا" beside "روسيا") is ordinary text.
    private static bool IsNameWord(Token token, HashSet<string> textWords)
    {
        var w = token.Normalized;
        if (w.Length > 3 && w[0] is 'و' or 'ف' or 'ب' or 'ل' or 'ك' && textWords.Contains(w[1..]))
        {
            return false;
        }

        return w.Length >= 2 && !w.StartsWith("ال", StringComparison.Ordinal) && !w.StartsWith("لل", StringComparison.Ordinal)
            && !s_stopWords.Contains(w) && ArabicNormalizer.IsArabicLetter(w[0]);
    }

    // "ووزير", "فالرئيس", "لسكرتير": the conjunction or preposition in front of a title.
    private static string StripConjunction(string word)
    {
        if (word.Length > 4 && word[0] is 'و' or 'ف' or 'ل' or 'ب' && s_cues.Contains(word[1..]))
        {
            return word[1..];
        }

        return word;
    }

    private static bool Gap(string text, int from, int to, bool allowComma)
    {
        for (var k = from; k < to; k++)
        {
            var c = text[k];
            if (c is ' ' or '\u00A0' || ArabicNormalizer.IsStripped(c) || (allowComma && c is '،' or ','))
            {
                continue;
            }

            return false;
        }

        return true;
    }

    private static bool OnlySpace(string text, int from, int to) => PersonRecognizer.OnlySpaceBetween(text, from, to);
}
