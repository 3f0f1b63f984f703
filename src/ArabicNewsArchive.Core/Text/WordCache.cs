namespace ArabicNewsArchive.Text;

/// <summary>
/// Words as written with their normalised form and stem, kept from one text to the next so a word met before costs
/// one lookup instead of three new strings (the analysis tokenises every article). Bounded: once full it only
/// answers, so memory stays flat however large the archive; the first words met are the common ones anyway.
/// Not thread-safe: one user at a time.
/// </summary>
internal sealed class WordCache
{
    /// <summary>About 1 MB: enough for the common vocabulary of news text.</summary>
    public const int DefaultCapacity = 8192;

    private readonly int _capacity;
    private readonly Dictionary<string, (string Normalized, string Stem)> _words = new(StringComparer.Ordinal);

    // Made once: getting the lookup checks the comparer's type each time.
    private readonly Dictionary<string, (string Normalized, string Stem)>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public WordCache(int capacity = DefaultCapacity)
    {
        _capacity = capacity;
        _bySpan = _words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _words.Count;

    public bool TryGet(ReadOnlySpan<char> surface, out string word, out string normalized, out string stem)
    {
        if (_bySpan.TryGetValue(surface, out var known, out var forms))
        {
            (word, normalized, stem) = (known, forms.Normalized, forms.Stem);
            return true;
        }

        (word, normalized, stem) = ("", "", "");
        return false;
    }

    public void Add(string surface, string normalized, string stem)
    {
        if (_words.Count < _capacity)
        {
            _words[surface] = (normalized, stem);
        }
    }
}
