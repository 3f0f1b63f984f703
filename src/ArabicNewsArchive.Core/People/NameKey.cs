namespace ArabicNewsArchive.People;

/// <summary>
/// A phonetic key for personal names, folding the swaps newspapers make when they transliterate a foreign name:
/// غ/ج/ق/ك/گ for g, ڤ for v, پ for p, long vowels written or not, hamza, a final ه/ة. Used only on names: folding
/// ج and غ in ordinary words would merge unrelated words, so search never sees these keys.
/// </summary>
public static class NameKey
{
    /// <summary>
    /// Whether the word as written has a hamza (ء أ إ آ ؤ ئ) inside its stem: after the <paramref name="particleLetters"/>
    /// letters of an attached particle (وترأس: و), an article ال and the stem's first letter (الأسد, أوباما: a hamza
    /// there is only spelling), diacritics skipped. Normalising folds hamza away, so ترأس (presided) reads as the
    /// surname تراس (Truss): a name written without an inner hamza is not a word written with one.
    /// </summary>
    public static bool HasInnerHamza(ReadOnlySpan<char> written, int particleLetters)
    {
        Span<char> letters = stackalloc char[Math.Min(written.Length, 64)];
        var n = 0;
        foreach (var c in written)
        {
            if (c is not ((>= '\u064B' and <= '\u065F') or '\u0670' or '\u0640') && n < letters.Length)
            {
                letters[n++] = c;
            }
        }

        var stem = Math.Min(particleLetters, n);
        if (n - stem > 3 && letters[stem] == 'ا' && letters[stem + 1] == 'ل')
        {
            stem += 2;
        }

        foreach (var c in letters[Math.Min(stem + 1, n)..n])
        {
            if (c is >= '\u0621' and <= '\u0626')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Key of one normalised word (<see cref="Text.ArabicNormalizer.Normalize(string)"/>).</summary>
    public static string Of(ReadOnlySpan<char> word)
    {
        Span<char> buffer = stackalloc char[Math.Max(word.Length, 1)];
        var n = Write(word, buffer);
        return new string(buffer[..n]);
    }

    /// <summary>Writes the key of <paramref name="word"/> into <paramref name="buffer"/> (at least as long as the word).</summary>
    public static int Write(ReadOnlySpan<char> word, Span<char> buffer) => Write(word, buffer, keepVowels: false);

    /// <summary>
    /// The strict key of one normalised word: as <see cref="Of"/> (g letters, ڤ, پ, hamza, final ه, doubled letters
    /// folded) but with its long vowels kept. The loose key reduces بيتنا، بتنا and بوتان to بوتين's; the strict one
    /// keeps them apart while بوتين، بوتبن and پوتين still meet, so a one-word name matches on it alone.
    /// </summary>
    public static string Strict(ReadOnlySpan<char> word)
    {
        Span<char> buffer = stackalloc char[Math.Max(word.Length, 1)];
        var n = Write(word, buffer, keepVowels: true);
        return new string(buffer[..n]);
    }

    /// <summary>As <see cref="Strict"/>, written into <paramref name="buffer"/> (at least as long as the word).</summary>
    public static int WriteStrict(ReadOnlySpan<char> word, Span<char> buffer) => Write(word, buffer, keepVowels: true);

    /// <summary>
    /// The identity of a name across articles: its words normalised, عبد/أبو and the particles of European surnames
    /// (لو، دي، فان …) joined to the word after them (عبد ربه = عبدربه, لو مير = لومير), ج/غ (the two spellings of g: بينغ/بينج) and hamza folded, a final ه dropped, spaces
    /// between words. Long vowels and the other letters stay, so حسن and حسين, محمد بن سلمان and سلمان بن عبد العزيز
    /// keep apart: the loose <see cref="Of"/> key is for finding a known name, this one for deciding two names are
    /// one person.
    /// </summary>
    public static string Identity(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = Text.ArabicTokenizer.Tokenize(name).Select(t => t.Normalized).ToList();
        var parts = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (s_joiners.Contains(w) && i + 1 < words.Count)
            {
                w += words[++i];
            }

            var word = IdentityWord(w);
            if (word.Length > 0)
            {
                parts.Add(word);
            }
        }

        return string.Join(' ', parts);
    }

    /// <summary>The <see cref="Identity"/> of one normalised word (no joining): hamza dropped, غ → ج, a final ه dropped.</summary>
    public static string IdentityWord(string normalizedWord)
    {
        ArgumentNullException.ThrowIfNull(normalizedWord);
        var w = normalizedWord;
        var length = w.Length > 2 && w[^1] == 'ه' ? w.Length - 1 : w.Length;
        if (length == w.Length && w.AsSpan().IndexOfAny('ء', 'غ', '\u06AF') < 0)
        {
            return w;
        }

        Span<char> buffer = stackalloc char[length];
        var n = 0;
        foreach (var c in w.AsSpan(0, length))
        {
            if (c != 'ء')
            {
                buffer[n++] = c is 'غ' or '\u06AF' ? 'ج' : c;
            }
        }

        return new string(buffer[..n]);
    }

    /// <summary>
    /// As <see cref="IdentityWord(string)"/> over a slice: the word itself when it is its own identity, else the
    /// identity written into <paramref name="buffer"/> (at least as long as the word).
    /// </summary>
    internal static ReadOnlySpan<char> IdentityWord(ReadOnlySpan<char> w, Span<char> buffer)
    {
        var length = w.Length > 2 && w[^1] == 'ه' ? w.Length - 1 : w.Length;
        if (length == w.Length && w.IndexOfAny('ء', 'غ', '\u06AF') < 0)
        {
            return w;
        }

        var n = 0;
        foreach (var c in w[..length])
        {
            if (c != 'ء')
            {
                buffer[n++] = c is 'غ' or '\u06AF' ? 'ج' : c;
            }
        }

        return buffer[..n];
    }

    // Words that form one name with the word after them, written joined or apart (عبد الله/عبدالله, أبو بكر/أبوبكر),
    // and the particles of European surnames that Arabic writes either way (لو مير/لومير, دي ميستورا/ديميستورا,
    // فان دايك/فاندايك). Inside a name these are never a word of their own.
    private static readonly HashSet<string> s_joiners = new(StringComparer.Ordinal)
    {
        "عبد", "ابو", "ابي", "ابا", "لو", "دي", "دو", "دا", "ديل", "فان", "فون",
    };

    private static int Write(ReadOnlySpan<char> word, Span<char> buffer, bool keepVowels)
    {
        var length = word.Length;
        var previous = '\0';

        // A final ه (from ة, or a final -يه/-ه in "أندريه") is a vowel in transliteration.
        if (length > 2 && word[length - 1] == 'ه')
        {
            length--;
        }

        var n = 0;
        for (var i = 0; i < length; i++)
        {
            var c = word[i];
            char k;
            if (c < '\u0080')
            {
                // Latin spellings: Sergey/Sergei, Yury/Yuri, Jubeir/Jubayr: after the first letter a run of vowels
                // (y among them) is one vowel, whichever it is, but it stays (Poutine is not Putin).
                if (i > 0 && c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y')
                {
                    k = keepVowels ? (c == 'y' ? 'i' : c) : 'a';
                }
                else
                {
                    k = c;
                }
            }
            else
            {
                switch (c)
                {
                    case 'ء':
                        continue;
                    case 'ا' or 'و' or 'ي' when i > 0 && !keepVowels:
                        // Long vowels come and go in transliterations (بوتين/بوتن); the first letter stays, as
                        // there it is a consonant or the only trace of the vowel (وانغ، يوري، أوشاكوف).
                        continue;
                    case 'غ' or 'ج' or 'ق' or 'ك' or '\u06AF':
                        k = 'G';
                        break;
                    case '\u06A4':
                        k = 'ف';
                        break;
                    case '\u067E':
                        k = 'ب';
                        break;
                    default:
                        k = c;
                        break;
                }
            }

            // Doubled letters (from a dropped vowel or a Latin double) count once; in the strict key only the same
            // letter twice, so قج (عراقجي) stays two g's.
            if (n > 0 && buffer[n - 1] == k && (!keepVowels || previous == c))
            {
                continue;
            }

            buffer[n++] = k;
            previous = c;
        }

        return n;
    }

    /// <summary>Keys of each word of a (possibly multi-word) name, in order.</summary>
    public static string[] Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return [.. Text.ArabicTokenizer.Tokenize(name).Select(t => Of(t.Normalized)).Where(k => k.Length > 0)];
    }

    /// <summary>
    /// The normalised word without one attached particle (و ف ب ل ك, optionally with ال), or null when it has none:
    /// a typed "لبوتين" names the same person as "بوتين".
    /// </summary>
    public static string? WithoutParticle(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        foreach (var p in s_particles)
        {
            if (normalized.Length - p.Length >= 3 && normalized.StartsWith(p, StringComparison.Ordinal))
            {
                return normalized[p.Length..];
            }
        }

        return null;
    }

    private static readonly string[] s_particles = ["وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك"];
}
