using System.Collections;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.People;

/// <summary>
/// Finds the people of a list in Arabic (or Latin) text, whatever the spelling: exact aliases after normalisation,
/// the same names under <see cref="NameKey"/> (transliteration swaps), with attached particles (و ف ب ل ك, ال).
/// Built once from the people list; thread-safe for reads.
/// </summary>
/// <remarks>
/// A one-word alias that is the last word of one of the person's longer aliases is a surname and counts alone
/// (بوتين). One that is the first word (شي، وانغ، Xi) is a short form: in an article it counts only where the
/// person is also named by a longer alias or a title stands just before it, since شي and وانغ are also ordinary
/// words or other people's names. Mention spans start at the particle ("لبوتين", "ووانغ يي").
/// </remarks>
public sealed class PersonRecognizer
{
    // Particles that attach to a name; longest first so "وال" wins over "و".
    private static readonly string[] s_particles =
        ["وال", "فال", "بال", "كال", "ولل", "لل", "ال", "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"];

    // The particles by their first letter, in the same order: this runs on every token, and most words start with
    // a letter no particle starts with, or with one only a few do.
    private static readonly Dictionary<char, string[]> s_particlesByFirstLetter =
        s_particles.GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.ToArray());

    // Words after which a short form (شي) is the common noun or a pronoun's object, not a name.
    private static readonly HashSet<string> s_notBeforeShortForm = new(StringComparer.Ordinal)
    {
        "كل", "اي", "لا", "بعض", "اول", "هذا", "ذلك", "اخر", "ادني",
    };

    // Titles that make a short form a name even where the full name is not given ("الرئيس شي").
    private static readonly HashSet<string> s_titlesBeforeShortForm = new(StringComparer.Ordinal)
    {
        "الرءيس", "الرفيق", "الوزير", "السيد", "الصيني", "نظيره", "الملك", "الامير", "الشيخ", "السلطان", "العاهل",
        "والرءيس", "والملك", "والامير", "والشيخ", "للرءيس", "للملك", "للامير", "للشيخ",
    };

    // Words after a title that make it someone else's (الرئيس الروسي السابق): the title then names no current holder.
    private static readonly HashSet<string> s_formerWords = new(StringComparer.Ordinal)
    {
        "السابق", "السابقه", "الاسبق", "الراحل", "الراحله", "المقبل", "الجديد", "المنتخب", "المكلف", "بالوكاله",
    };

    // Marks a cache entry whose word starts no name (CachedWord.PeopleMemo): this recogniser's own, so no other one reads it.
    private readonly object _noNameStarts = new();

    private readonly Dictionary<string, List<Entry>> _byNormalized = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>>.AlternateLookup<ReadOnlySpan<char>> _byNormalizedSpan;
    private readonly Dictionary<string, List<Entry>>.AlternateLookup<ReadOnlySpan<char>> _byKeySpan;
    private readonly Dictionary<string, Person> _bySlug = new(StringComparer.Ordinal);

    // Curated titles (الرئيس الروسي) by their first normalised word.
    private readonly Dictionary<string, List<TitleEntry>> _titles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TitleEntry>>.AlternateLookup<ReadOnlySpan<char>> _titlesBySpan;

    // The first two letters of every word in _byNormalized and _byKey, one bit per pair: Try runs for every token
    // (and for it again without each particle it starts with), and nearly every word of a text starts like no name,
    // so one bit test spares the two dictionary lookups.
    private readonly BitArray _normalizedStarts = new(1 << 16);
    private readonly BitArray _keyStarts = new(1 << 16);
    private readonly BitArray _keyFirstLetters = new(1 << 16);

    // The known slugs as a set built once: candidate finding runs on every article and must not copy them.
    private readonly HashSet<string> _slugs;

    // The first words of the listed people's names (كيم of كيم جونغ أون, بشار of بشار الأسد), never a last word.
    private readonly HashSet<string> _firstNameWords = new(StringComparer.Ordinal);

    /// <summary>Indexes every alias of <paramref name="people"/>.</summary>
    /// <param name="people">The people to find.</param>
    public PersonRecognizer(IReadOnlyList<Person> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        People = people;
        foreach (var person in people)
        {
            _bySlug[person.Slug] = person;
            var spellings = new List<string> { person.NameAr, person.NameEn };
            spellings.AddRange(person.Aliases.Select(a => a.Text));
            spellings.AddRange(person.ShortForms);
            // One-word spellings written with an inner hamza (رئيسي): only those may match a word written so.
            var withHamza = spellings
                .Select(s => ArabicTokenizer.Tokenize(s))
                .Where(t => t.Count == 1 && NameKey.HasInnerHamza(t[0].Surface, 0))
                .Select(t => t[0].Normalized)
                .ToHashSet(StringComparer.Ordinal);
            var tokenised = spellings
                .Select(s => ArabicTokenizer.Tokenize(s).Select(t => t.Normalized).ToArray())
                .Where(t => t.Length > 0)
                .DistinctBy(t => string.Join(' ', t))
                .ToList();
            // Curated short forms (سلمان, عباس): short even where they are a longer alias's last word, and matched
            // by their spelling only, since they are common words whose loose key meets many more.
            var curatedShort = person.Aliases.Where(a => a.Origin == "short").Select(a => a.Text).Concat(person.ShortForms)
                .Select(s => string.Join(' ', ArabicTokenizer.Tokenize(s).Select(t => t.Normalized)))
                .ToHashSet(StringComparer.Ordinal);
            var firstWords = tokenised.Where(t => t.Length > 1).Select(t => t[0]).ToHashSet(StringComparer.Ordinal);
            var lastWords = tokenised.Where(t => t.Length > 1).Select(t => t[^1]).ToHashSet(StringComparer.Ordinal);
            _firstNameWords.UnionWith(firstWords.Where(w => !lastWords.Contains(w)));
            foreach (var words in tokenised)
            {
                var isCuratedShort = curatedShort.Contains(string.Join(' ', words));
                var kind = isCuratedShort ? AliasKind.Short
                    : words.Length > 1 ? AliasKind.Full
                    : firstWords.Contains(words[0]) && !lastWords.Contains(words[0]) ? AliasKind.Short
                    : AliasKind.Surname;
                var entry = new Entry(person.Slug, words, words.Select(w => NameKey.Of(w)).ToArray(), NameKey.Strict(words[0]), kind,
                    words.Length == 1 && withHamza.Contains(words[0]));
                Add(_byNormalized, entry.Words[0], entry);
                _normalizedStarts[StartOf(entry.Words[0])] = true;
                if (entry.Keys[0].Length > 0 && !isCuratedShort)
                {
                    Add(_byKey, entry.Keys[0], entry);
                    _keyStarts[StartOf(entry.Keys[0])] = true;
                    _keyFirstLetters[entry.Keys[0][0]] = true;
                }
            }
        }

        foreach (var person in people)
        {
            foreach (var title in person.Titles)
            {
                var words = ArabicTokenizer.Tokenize(title.Ar).Select(t => t.Normalized).ToArray();
                if (words.Length > 0)
                {
                    Add(_titles, words[0], new TitleEntry(person.Slug, words, title.From, title.To));
                }
            }
        }

        _slugs = new HashSet<string>(_bySlug.Keys, StringComparer.Ordinal);
        _byNormalizedSpan = _byNormalized.GetAlternateLookup<ReadOnlySpan<char>>();
        _byKeySpan = _byKey.GetAlternateLookup<ReadOnlySpan<char>>();
        _titlesBySpan = _titles.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// The normalised words that begin a listed person's name and end none (كيم، بشار، فلاديمير): alone in an article
    /// that does not name that person, such a word is nobody in particular.
    /// </summary>
    public IReadOnlySet<string> FirstNameWords => _firstNameWords;

    /// <summary>The people this recogniser knows.</summary>
    public IReadOnlyList<Person> People { get; }

    /// <summary>Every mention of a known person in <paramref name="text"/>, in order, offsets into the text.</summary>
    public IReadOnlyList<MentionFact> FindMentions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FindMentions(text, ArabicTokenizer.Tokenize(text));
    }

    /// <summary>As <see cref="FindMentions(string)"/>, over tokens already computed for <paramref name="text"/>.</summary>
    public IReadOnlyList<MentionFact> FindMentions(string text, IReadOnlyList<Token> tokens) =>
        Recognize(text, tokens, queryMode: false).Select(m => m.Mention).ToList();

    /// <summary>
    /// Slugs of the people a typed query names ("Putin", "xi jinping", "بوتين", "شي جين بينج"), for query expansion.
    /// Short forms count here without context: someone who types "Xi" or "شي" means the person.
    /// </summary>
    public IReadOnlyList<string> MatchQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tokens = ArabicTokenizer.Tokenize(query);
        var slugs = new List<string>();
        foreach (var match in Recognize(query, tokens, queryMode: true))
        {
            if (!slugs.Contains(match.Mention.PersonSlug))
            {
                slugs.Add(match.Mention.PersonSlug);
            }
        }

        return slugs;
    }

    /// <summary>The person with this slug, if known.</summary>
    public Person? Find(string slug) => _bySlug.GetValueOrDefault(slug);

    /// <summary>People not in the list introduced by a title cue (وزير الخارجية التركي هاكان فيدان).</summary>
    public IReadOnlyList<CandidatePersonFact> FindCandidates(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = ArabicTokenizer.Tokenize(text);
        return CandidateFinder.Find(text, tokens, Recognize(text, tokens, queryMode: false), _slugs);
    }

    /// <summary>As <see cref="FindCandidates(string)"/>, with the tokens and known mentions already computed.</summary>
    public IReadOnlyList<CandidatePersonFact> FindCandidates(string text, IReadOnlyList<Token> tokens) =>
        CandidateFinder.Find(text, tokens, Recognize(text, tokens, queryMode: false), _slugs);

    /// <summary>
    /// Role references (وقال الرئيس الصيني) resolved to the curated person holding the title: the holder the article
    /// names, else the only one who held it through the article's whole date interval when that is known. A title
    /// that introduces a name (الرئيس الروسي فلاديمير بوتين), stands beside its holder's name, or is followed by
    /// السابق and the like, is not a mention of its own.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="tokens">Its tokens.</param>
    /// <param name="matches">The people already recognised in it.</param>
    /// <param name="earliest">First day the article can be from, when known.</param>
    /// <param name="latest">Last day it can be from, when known.</param>
    internal List<PersonMatch> ResolveTitles(
        string text, IReadOnlyList<Token> tokens, IReadOnlyList<PersonMatch> matches, DateOnly? earliest, DateOnly? latest)
    {
        var result = new List<PersonMatch>();
        if (_titles.Count == 0)
        {
            return result;
        }

        var named = matches.Select(m => m.Mention.PersonSlug).ToHashSet(StringComparer.Ordinal);
        var matchAt = new PersonMatch?[tokens.Count];
        foreach (var m in matches)
        {
            for (var t = m.FirstToken; t <= m.LastToken; t++)
            {
                matchAt[t] = m;
            }
        }

        foreach (var (first, last, holders) in TitlePhrases(text, tokens, matches))
        {
            var next = last + 1 < tokens.Count && PersonRecognizer.OnlySpaceBetween(text, tokens[last].End, tokens[last + 1].Start) ? last + 1 : -1;
            if (next >= 0 && (matchAt[next] is not null || s_formerWords.Contains(tokens[next].Normalized)))
            {
                continue;
            }

            var inText = holders.Where(h => named.Contains(h.Slug)).Select(h => h.Slug).Distinct().ToList();
            string? slug = null;
            if (inText.Count == 1)
            {
                slug = inText[0];
            }
            else if (inText.Count == 0 && earliest is { } from && latest is { } to)
            {
                var held = holders.Where(h => h.HeldThroughout(from, to)).Select(h => h.Slug).Distinct().ToList();
                slug = held.Count == 1 ? held[0] : null;
            }

            // Beside its holder's name ("بوتين، الرئيس الروسي،") the title is the name's apposition.
            if (slug is null || (first > 0 && matchAt[first - 1]?.Mention.PersonSlug == slug))
            {
                continue;
            }

            var start = tokens[first].Start;
            var end = tokens[last].End;
            var word = tokens[first].Normalized;
            var particle = holders[0].Words[0].Length < word.Length ? word[..(word.Length - holders[0].Words[0].Length)] : "";
            result.Add(new PersonMatch(new MentionFact(slug, start, end, text[start..end]), first, last, AliasKind.Title, particle, last - first + 1));
        }

        return result;
    }

    // Every listed title phrase in the text outside the matches (the longest at each place, with a particle on its
    // first word allowed) and the people who hold or held it.
    private IEnumerable<(int First, int Last, List<TitleEntry> Holders)> TitlePhrases(string text, IReadOnlyList<Token> tokens, IReadOnlyList<PersonMatch> matches)
    {
        var taken = new bool[tokens.Count];
        foreach (var m in matches)
        {
            for (var t = m.FirstToken; t <= m.LastToken; t++)
            {
                taken[t] = true;
            }
        }

        char[]? alef = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (taken[i])
            {
                continue;
            }

            var word = tokens[i].Normalized;
            List<TitleEntry>? best = null;
            var bestLength = 0;
            for (var h = 0; h < HeadCount; h++)
            {
                var head = Head(word, h, ref alef);
                if (head.IsEmpty || !_titlesBySpan.TryGetValue(head, out var entries))
                {
                    continue;
                }

                foreach (var e in entries)
                {
                    if (e.Words.Length < bestLength || !PhraseAt(text, tokens, taken, i, e.Words))
                    {
                        continue;
                    }

                    if (e.Words.Length > bestLength)
                    {
                        best = [];
                        bestLength = e.Words.Length;
                    }

                    best!.Add(e);
                }
            }

            if (best is not null)
            {
                yield return (i, i + bestLength - 1, best);
                i += bestLength - 1;
            }
        }
    }

    private const int HeadCount = 4;

    // The word (h = 0) and its readings without a conjunction or preposition (وقال الرئيس / للرئيس → الرئيس), in this
    // order; empty where the word has no such reading. As slices (ل + ال written into alef): this runs on every token.
    private static ReadOnlySpan<char> Head(string word, int h, ref char[]? alef)
    {
        switch (h)
        {
            case 0:
                return word;
            case 1:
                return word.Length > 3 && word[0] is 'و' or 'ف' or 'ب' or 'ل' or 'ك' ? word.AsSpan(1) : default;
            case 2:
                if (word.Length > 4 && word.StartsWith("لل", StringComparison.Ordinal))
                {
                    alef = alef is { } kept && kept.Length >= word.Length ? kept : new char[Math.Max(word.Length, 32)];
                    alef[0] = 'ا';
                    word.AsSpan(1).CopyTo(alef.AsSpan(1));
                    return alef.AsSpan(0, word.Length);
                }

                return default;
            default:
                return word.Length > 4 && word[0] is 'و' or 'ف' && word[1] is 'ب' or 'ل' ? word.AsSpan(2) : default;
        }
    }

    private static bool PhraseAt(string text, IReadOnlyList<Token> tokens, bool[] taken, int i, string[] words)
    {
        for (var w = 1; w < words.Length; w++)
        {
            var t = i + w;
            if (t >= tokens.Count || taken[t] || tokens[t].Normalized != words[w] || !OnlySpaceBetween(text, tokens[t - 1].End, tokens[t].Start))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Mentions from matches <see cref="Recognize"/> already found (the analysis recognises once per article).</summary>
    internal static IReadOnlyList<MentionFact> MentionsOf(IReadOnlyList<PersonMatch> matches) => [.. matches.Select(m => m.Mention)];

    /// <summary>Candidates, with the known people's matches already found.</summary>
    internal IReadOnlyList<CandidatePersonFact> FindCandidates(string text, IReadOnlyList<Token> tokens, IReadOnlyList<PersonMatch> matches) =>
        CandidateFinder.Find(text, tokens, matches, _slugs);

    /// <param name="text">The text.</param>
    /// <param name="tokens">Its tokens.</param>
    /// <param name="queryMode">A typed query: short forms and one-word phonetic matches count without context.</param>
    /// <param name="personTokens">
    /// Tokens a tagger reads as part of a person's name: only there does a one-word name match by its phonetic key
    /// alone (لافروڤ، بينج). Elsewhere the key of بوتين is also that of بيتنا، بتنا، البوتان, and the key of the
    /// surnames الجبير، يعالون، لابيد that of الكبير، يعلن، لابد.
    /// </param>
    /// <param name="words">
    /// The tokens' cache entries (or null): a word no name can start with is marked there once, and costs no lookup
    /// in the next article.
    /// </param>
    internal List<PersonMatch> Recognize(string text, IReadOnlyList<Token> tokens, bool queryMode, bool[]? personTokens = null, IReadOnlyList<CachedWord?>? words = null)
    {
        var found = new List<PersonMatch>();
        Span<char> keyBuffer = stackalloc char[64];
        var i = 0;
        while (i < tokens.Count)
        {
            var entry = words?[i];
            if (entry is not null && ReferenceEquals(entry.PeopleMemo, _noNameStarts))
            {
                i++;
                continue;
            }

            var best = MatchAt(text, tokens, i, keyBuffer, queryMode || (personTokens is not null && personTokens[i]), queryMode, out var looked);
            if (entry is not null && !looked)
            {
                entry.PeopleMemo = _noNameStarts;
            }

            if (best is null)
            {
                i++;
                continue;
            }

            found.Add(best);
            i = best.LastToken + 1;
        }

        if (queryMode)
        {
            return found;
        }

        var namedInFull = found.Where(m => m.Kind != AliasKind.Short).Select(m => m.Mention.PersonSlug)
            .ToHashSet(StringComparer.Ordinal);
        if (_titles.Count > 0 && found.Any(m => m.Kind == AliasKind.Short))
        {
            // A listed title names its holders too (خادم الحرمين الشريفين ... سلمان).
            foreach (var (_, _, holders) in TitlePhrases(text, tokens, found))
            {
                namedInFull.UnionWith(holders.Select(h => h.Slug));
            }
        }

        found.RemoveAll(m => m.Kind == AliasKind.Short && !ShortFormHolds(m, tokens, namedInFull));
        return found;
    }

    private static bool ShortFormHolds(PersonMatch m, IReadOnlyList<Token> tokens, HashSet<string> namedInFull)
    {
        var previous = m.FirstToken > 0 ? tokens[m.FirstToken - 1].Normalized : "";
        if (m.Particle.Length == 0 && s_notBeforeShortForm.Contains(previous))
        {
            return false;
        }

        return namedInFull.Contains(m.Mention.PersonSlug) || s_titlesBeforeShortForm.Contains(previous);
    }

    /// <param name="found">
    /// False when no reading of the word (with or without a particle) is the first word of any name, exact or by its
    /// key: then whatever the context, nothing matches at a token of this word.
    /// </param>
    private PersonMatch? MatchAt(string text, IReadOnlyList<Token> tokens, int i, Span<char> keyBuffer, bool loose, bool queryMode, out bool found)
    {
        var word = tokens[i].Normalized.AsSpan();
        found = false;
        PersonMatch? best = Try(text, tokens, i, word, 0, keyBuffer, null, loose, queryMode, ref found);
        if (!s_particlesByFirstLetter.TryGetValue(word[0], out var particles))
        {
            return best;
        }

        foreach (var particle in particles)
        {
            if (word.Length - particle.Length >= 2 && word.StartsWith(particle, StringComparison.Ordinal))
            {
                best = Try(text, tokens, i, word[particle.Length..], particle.Length, keyBuffer, best, loose, queryMode, ref found);
            }
        }

        return best;
    }

    private PersonMatch? Try(
        string text, IReadOnlyList<Token> tokens, int i, ReadOnlySpan<char> word, int particleLength,
        Span<char> keyBuffer, PersonMatch? best, bool loose, bool queryMode, ref bool found)
    {
        if (word.Length > keyBuffer.Length)
        {
            return best;
        }

        if (_normalizedStarts[StartOf(word)] && _byNormalizedSpan.TryGetValue(word, out var exact))
        {
            found = true;
            foreach (var entry in exact)
            {
                if (entry.Words.Length == 1 && !entry.InnerHamza && NameKey.HasInnerHamza(tokens[i].Surface, particleLength))
                {
                    continue;
                }

                best = Better(best, Extend(text, tokens, i, entry, particleLength, exactFirst: true, keyBuffer));
            }
        }

        // A word's key starts with its first letter's own key (but for a hamza, which has none): most words are
        // ruled out by that letter before their whole key is made.
        if (NameKey.Write(word[..1], keyBuffer) == 1 && !_keyFirstLetters[keyBuffer[0]])
        {
            return best;
        }

        var keyLength = NameKey.Write(word, keyBuffer);
        Span<char> strictBuffer = stackalloc char[word.Length];
        if (keyLength > 0 && _keyStarts[StartOf(keyBuffer[..keyLength])] && _byKeySpan.TryGetValue(keyBuffer[..keyLength], out var phonetic))
        {
            found = true;
            foreach (var entry in phonetic)
            {
                // A one-word Arabic name matched by its key alone counts only inside a tagged person's name (or in
                // a query), with a key long enough not to be an ordinary word.
                if (entry.Words.Length == 1 && (keyLength < 3 || word.Length < 4 || !loose))
                {
                    continue;
                }

                // Even there (but for a query), the word must have the name's long vowels: only the g letters,
                // ڤ/پ, hamza and a final ه may differ. A tagged سليمان is not سليماني, nor مروان مورينيو, nor سونغ سوناك.
                if (entry.Words.Length == 1 && !queryMode && word[0] >= '\u0080' && !StrictOf(word, strictBuffer).SequenceEqual(entry.StrictFirst))
                {
                    continue;
                }

                best = Better(best, Extend(text, tokens, i, entry, particleLength, exactFirst: false, keyBuffer));
            }
        }

        return best;
    }

    private static ReadOnlySpan<char> StrictOf(ReadOnlySpan<char> word, Span<char> buffer) => buffer[..NameKey.WriteStrict(word, buffer)];

    /// <summary>The bit of a word's first two letters (low bytes only: pairs that collide merely let a lookup through).</summary>
    private static int StartOf(ReadOnlySpan<char> word) =>
        word.IsEmpty ? 0 : ((word[0] & 0xFF) << 8) | (word.Length > 1 ? word[1] & 0xFF : 0);

    private static PersonMatch? Extend(
        string text, IReadOnlyList<Token> tokens, int i, Entry entry, int particleLength, bool exactFirst,
        Span<char> keyBuffer)
    {
        var exactCount = exactFirst ? 1 : 0;
        for (var w = 1; w < entry.Words.Length; w++)
        {
            var t = i + w;
            if (t >= tokens.Count || !WithinName(text, tokens[t - 1].End, tokens[t].Start))
            {
                return null;
            }

            var candidate = tokens[t].Normalized.AsSpan();
            if (candidate.SequenceEqual(entry.Words[w]))
            {
                exactCount++;
                continue;
            }

            if (candidate.Length > keyBuffer.Length)
            {
                return null;
            }

            var n = NameKey.Write(candidate, keyBuffer);
            if (n == 0 || !keyBuffer[..n].SequenceEqual(entry.Keys[w]))
            {
                return null;
            }
        }

        var last = i + entry.Words.Length - 1;
        var start = tokens[i].Start;
        var end = tokens[last].End;
        var mention = new MentionFact(entry.Slug, start, end, text[start..end]);
        var particle = tokens[i].Normalized[..particleLength];
        return new PersonMatch(mention, i, last, entry.Kind, particle, exactCount);
    }

    private static PersonMatch? Better(PersonMatch? a, PersonMatch? b)
    {
        if (a is null)
        {
            return b;
        }

        if (b is null)
        {
            return a;
        }

        var lengthA = a.LastToken - a.FirstToken;
        var lengthB = b.LastToken - b.FirstToken;
        if (lengthA != lengthB)
        {
            return lengthB > lengthA ? b : a;
        }

        // Prefer the reading with no particle, then the one with more exact words.
        if (a.Particle.Length != b.Particle.Length)
        {
            return b.Particle.Length < a.Particle.Length ? b : a;
        }

        return b.ExactWords > a.ExactWords ? b : a;
    }

    // Between two words of a listed name: spaces, or one hyphen (مون جاي-إن, جان-كلود يونكر) however the list spells it.
    private static bool WithinName(string text, int from, int to)
    {
        var hyphen = text.AsSpan(from, to - from).IndexOfAny('-', '\u2010');
        return hyphen < 0
            ? OnlySpaceBetween(text, from, to)
            : OnlySpaceBetween(text, from, from + hyphen) && OnlySpaceBetween(text, from + hyphen + 1, to);
    }

    internal static bool OnlySpaceBetween(string text, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            var c = text[k];
            if (c is not (' ' or '\u00A0' or '\t') && !ArabicNormalizer.IsStripped(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void Add(Dictionary<string, List<TitleEntry>> index, string key, TitleEntry entry)
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        list.Add(entry);
    }

    private static void Add(Dictionary<string, List<Entry>> index, string key, Entry entry)
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        if (!list.Any(e => e.Slug == entry.Slug && e.Words.SequenceEqual(entry.Words)))
        {
            list.Add(entry);
        }
    }

    /// <summary>A curated title phrase and the days its holder held it (To excluded).</summary>
    private sealed record TitleEntry(string Slug, string[] Words, DateOnly? From, DateOnly? To)
    {
        public bool HeldThroughout(DateOnly first, DateOnly last) =>
            (From is null || From <= first) && (To is null || last < To);
    }

    /// <param name="StrictFirst">The first word's <see cref="NameKey.Strict"/> key (long vowels kept).</param>
    /// <param name="InnerHamza">A one-word spelling written with an inner hamza (<see cref="NameKey.HasInnerHamza"/>).</param>
    private sealed record Entry(string Slug, string[] Words, string[] Keys, string StrictFirst, AliasKind Kind, bool InnerHamza);
}

internal enum AliasKind
{
    Full,
    Surname,
    Short,

    /// <summary>A curated title naming its holder (الرئيس الصيني).</summary>
    Title,
}

/// <param name="Particle">The normalised particle attached to the first word ("ل" in "لبوتين"), or "".</param>
internal sealed record PersonMatch(
    MentionFact Mention, int FirstToken, int LastToken, AliasKind Kind, string Particle, int ExactWords);
