namespace ArabicNewsArchive.Text;

/// <summary>
/// Words as written with their normalised form and stem, kept from one text to the next so a word met before costs
/// one lookup instead of three new strings (the analysis tokenises every article). Bounded: once full it only
/// answers, so memory stays flat however large the archive. A word is kept the second time it is met
/// (<see cref="SecondSighting"/>), so the slots go to the words that come back. Not thread-safe: one user at a time.
/// </summary>
internal sealed class WordCache
{
    /// <summary>
    /// About 4 MB per analysing thread. Real news has a larger vocabulary than 8,192 words covered: at that size 46 %
    /// of the tokens of the ANT corpus missed (each miss three new strings and the analyses' own lookups), at this
    /// one 22 % (6,000 files), and the analysis allocated 3 % less; 65,536 words missed 11 % for twice the memory.
    /// </summary>
    public const int DefaultCapacity = 32_768;

    private readonly int _capacity;
    private readonly Dictionary<string, CachedWord> _words = new(StringComparer.Ordinal);
    private readonly SecondSighting _seen = new();

    // Made once: getting the lookup checks the comparer's type each time.
    private readonly Dictionary<string, CachedWord>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public WordCache(int capacity = DefaultCapacity)
    {
        _capacity = capacity;
        _bySpan = _words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _words.Count;

    public bool TryGet(ReadOnlySpan<char> surface, out string word, out string normalized, out string stem)
    {
        if (_bySpan.TryGetValue(surface, out var known))
        {
            (word, normalized, stem) = (known.Surface, known.Normalized, known.Stem);
            return true;
        }

        (word, normalized, stem) = ("", "", "");
        return false;
    }

    /// <summary>The cached word written as <paramref name="surface"/>, or null.</summary>
    public CachedWord? Find(ReadOnlySpan<char> surface) => _bySpan.TryGetValue(surface, out var known) ? known : null;

    /// <summary>True while the cache has room for more words.</summary>
    public bool HasRoom => _words.Count < _capacity;

    /// <summary>
    /// Whether a word the cache does not hold should be added now: while there is room, on its second sighting
    /// (the first marks it).
    /// </summary>
    public bool ShouldKeep(ReadOnlySpan<char> surface) => HasRoom && _seen.Again(surface);

    public void Add(string surface, string normalized, string stem) => Add(new CachedWord(surface, normalized, stem));

    /// <summary>Keeps <paramref name="word"/> while there is room.</summary>
    public void Add(CachedWord word)
    {
        if (HasRoom)
        {
            _words[word.Surface] = word;
        }
    }
}

/// <summary>
/// A word of <see cref="WordCache"/>, with what the analyses worked out about its normalised form the first time they
/// met it: an article's common words then cost them no lookup of their own (the tagger's scores and the IPTC model's
/// weights were four string lookups a token). Each memo is written and read by its analysis alone, which checks the
/// memo is its own (a cache serves one analyser, whose models do not change).
/// </summary>
internal sealed class CachedWord(string surface, string normalized, string stem)
{
    public string Surface { get; } = surface;

    public string Normalized { get; } = normalized;

    public string Stem { get; } = stem;

    /// <summary>The person tagger's memo (its scores of the word).</summary>
    public object? TaggerMemo { get; set; }

    /// <summary>The person recogniser's memo (whether a known name can start with the word).</summary>
    public object? PeopleMemo { get; set; }

    /// <summary>The phrase index (<see cref="Topics.WordPhraseIndex{T}"/>) no phrase of which starts with the word.</summary>
    public object? PhraseMemo { get; set; }

    /// <summary>What the date lexicon says the word can begin (a <c>DateWord</c>; 0 before it was looked up).</summary>
    public byte DateMemo { get; set; }

    /// <summary>The IPTC topic model's memo (the word's key and weights).</summary>
    public object? TopicMemo { get; set; }
}
