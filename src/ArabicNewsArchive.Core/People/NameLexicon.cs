using System.Globalization;
using System.Text;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.People;

/// <summary>
/// Person-name words in Arabic with their usual Latin form (seeds/reference/name-latin.tsv, derived from Wikidata's
/// name tokens and google/transliteration, see the file's header): the English name of a person the curated list
/// does not know, and the test of whether a word is a name at all. Immutable; thread-safe for reads.
/// </summary>
public sealed class NameLexicon
{
    private readonly Dictionary<string, string> _latin;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _latinSpan;

    private readonly HashSet<string> _given;

    // Words whose Latin form is Wikidata's (flag w), not a transliteration's guess (flag t).
    private readonly HashSet<string> _attested;

    // The learned transliteration of words the lexicon lacks, read when a discovered person first needs an English name
    // (null: letter by letter).
    private readonly Lazy<NameTransliterator>? _transliterator;

    private NameLexicon(Dictionary<string, string> latin, HashSet<string> given, HashSet<string> attested, Lazy<NameTransliterator>? transliterator)
    {
        _latin = latin;
        _given = given;
        _attested = attested;
        _transliterator = transliterator;
        _latinSpan = latin.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>A lexicon with no words (no file): every English name is then transliterated letter by letter.</summary>
    public static NameLexicon Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal), [], [], null);

    /// <summary>How many Arabic name words it holds.</summary>
    public int Count => _latin.Count;

    /// <summary>
    /// Loads a <c>arabic TAB latin [TAB flags]</c> file (flags: <c>g</c> for a common Arabic given name); lines
    /// starting with # are comments.
    /// </summary>
    public static NameLexicon Load(string path) => Load(path, null);

    /// <summary>
    /// Loads the lexicon, and the model (<see cref="NameTransliterator"/>, seeds/reference/name-transliteration.tsv.gz)
    /// that spells the words it lacks; the model file is read only when first needed, and a null path means letter by letter.
    /// </summary>
    public static NameLexicon Load(string path, string? transliterationModelPath)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = File.OpenText(path);
        var lexicon = Parse(reader);
        return transliterationModelPath is null ? lexicon : lexicon.WithTransliterator(new Lazy<NameTransliterator>(() => NameTransliterator.Load(transliterationModelPath)));
    }

    /// <summary>The same words, with <paramref name="transliterator"/> spelling the words it lacks.</summary>
    public NameLexicon WithTransliterator(NameTransliterator transliterator)
    {
        ArgumentNullException.ThrowIfNull(transliterator);
        return WithTransliterator(new Lazy<NameTransliterator>(transliterator));
    }

    private NameLexicon WithTransliterator(Lazy<NameTransliterator> transliterator) => new(_latin, _given, _attested, transliterator);

    /// <summary>Parses the lexicon's text.</summary>
    public static NameLexicon Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var latin = new Dictionary<string, string>(StringComparer.Ordinal);
        var given = new HashSet<string>(StringComparer.Ordinal);
        var attested = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t');
            if (tab <= 0)
            {
                continue;
            }

            var end = line.IndexOf('\t', tab + 1);
            var word = ArabicNormalizer.Normalize(line[..tab]);
            var form = end < 0 ? line[(tab + 1)..] : line[(tab + 1)..end];
            if (word.Length > 0 && form.Length > 0)
            {
                latin.TryAdd(word, form);
                if (end > 0 && line.AsSpan(end + 1).Contains('g'))
                {
                    given.Add(word);
                }

                if (end > 0 && line.AsSpan(end + 1).Contains('w'))
                {
                    attested.Add(word);
                }
            }
        }

        return new NameLexicon(latin, given, attested, null);
    }

    /// <summary>True when the normalised word is a known person-name word.</summary>
    public bool Contains(ReadOnlySpan<char> normalizedWord) => _latinSpan.ContainsKey(normalizedWord);

    /// <summary>True for a common Arabic given name (محمد، أحمد): alone, it names nobody in particular.</summary>
    public bool IsGivenName(string normalizedWord) => _given.Contains(normalizedWord);

    /// <summary>
    /// The Latin form of one normalised name word as Wikidata's person names write it (flag <c>w</c>), or null when the
    /// lexicon lacks the word or has only a transliteration's guess for it.
    /// </summary>
    public string? AttestedLatinOf(string normalizedWord) => _attested.Contains(normalizedWord) ? _latin.GetValueOrDefault(normalizedWord) : null;

    /// <summary>The usual Latin form of one normalised name word (lower case, as the data has it), or null.</summary>
    public string? LatinOf(string normalizedWord)
    {
        ArgumentNullException.ThrowIfNull(normalizedWord);
        return _latin.GetValueOrDefault(normalizedWord);
    }

    /// <summary>
    /// The English name of an Arabic name, word by word from the lexicon: ال before a word the lexicon knows
    /// without it is "al-" (الجبير → al-Jubayr), a joined عبد/أبو is looked up whole, then as its parts. Words the
    /// lexicon lacks are transliterated letter by letter (<see cref="ArabicTransliterator"/>), and
    /// <c>Transliterated</c> says so, since such a name is a guess a curator should check.
    /// </summary>
    public (string Name, bool Transliterated) EnglishName(string arabicName)
    {
        ArgumentNullException.ThrowIfNull(arabicName);
        var sb = new StringBuilder();
        var guessed = false;
        var tokens = ArabicTokenizer.Tokenize(arabicName);
        for (var i = 0; i < tokens.Count; i++)
        {
            var w = tokens[i].Normalized;
            // عبد الوهاب is one name, written joined or apart: looked up joined first.
            if (w is "عبد" or "ابو" && i + 1 < tokens.Count && Word(w + tokens[i + 1].Normalized) is not null)
            {
                w += tokens[++i].Normalized;
            }

            string? form;
            if (w == "بن" && i > 0 && i + 1 < tokens.Count)
            {
                // Between two names it is the patronymic's particle, "bin" in English and lower case (Khaled bin
                // Salman), as in the curated names; Wikidata's most frequent form, "ibn", made "Khaled Ibn Salman".
                // First in a name it may be a short form (بن لادن) or the given name Ben (بن والاس): left as it was.
                sb.Append(" bin");
                continue;
            }

            if (w == "ابن" && i + 1 < tokens.Count)
            {
                // ابن is "ibn" (Ibn Khaldun, Khalid ibn al-Walid); Wikidata's most frequent form is the Indonesian "ibnu".
                sb.Append(i > 0 ? " ibn" : "Ibn");
                continue;
            }

            if (w.All(c => c < '\u0080'))
            {
                form = w;
            }
            else
            {
                form = Word(w);
                if (form is null)
                {
                    guessed = true;
                    form = Guess(w, tokens[i].Surface);
                }
            }

            if (form.Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(Capitalize(form));
        }

        return (sb.ToString(), guessed);
    }

    // A word the lexicon lacks. Written with a bare ال (not أل/إل, as in ألكسندر) and 3 letters or more after it, it is
    // the article and a name, spelt "al-" + the name as the lexicon spells such words (الجبير → al-Jubayr).
    private string Guess(string w, string surface)
    {
        if (_transliterator is null)
        {
            return ArabicTransliterator.ToSlug(w);
        }

        var model = _transliterator.Value;
        return w.Length > 4 && w.StartsWith("ال", StringComparison.Ordinal) && surface.StartsWith("ال", StringComparison.Ordinal)
            ? "al-" + model.Transliterate(w[2..])
            : model.Transliterate(w);
    }

    private string? Word(string w)
    {
        if (_latin.TryGetValue(w, out var form))
        {
            return form;
        }

        if (w.Length > 4 && w.StartsWith("ال", StringComparison.Ordinal) && _latin.TryGetValue(w[2..], out form))
        {
            return "al-" + form;
        }

        foreach (var joined in (string[])["عبد", "ابو"])
        {
            if (w.Length > joined.Length + 1 && w.StartsWith(joined, StringComparison.Ordinal)
                && _latin.TryGetValue(joined, out var head) && Word(w[joined.Length..]) is { } tail)
            {
                return head + " " + tail;
            }
        }

        return null;
    }

    private static string Capitalize(string form) =>
        string.Join(' ', form.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part =>
            part.StartsWith("al-", StringComparison.Ordinal) ? "al-" + Upper(part[3..]) : Upper(part)));

    private static string Upper(string word) =>
        word.Length == 0 ? word : char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..];
}
