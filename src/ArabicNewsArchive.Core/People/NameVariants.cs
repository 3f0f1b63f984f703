using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.People;

/// <summary>
/// Foreign names reach Arabic in several spellings that differ in their long vowels (هاري كين / هاري كاين, هيذر نويرت /
/// هيذر ناورت, مارك زوكربيرغ / مارك زوكربرغ). The identity key keeps long vowels on purpose (حسن is not حسين), so each
/// spelling of a discovered person became a person of its own. Two discovered names are one person when their keys are
/// equal once the long vowels after each word's first letter are dropped (<see cref="LooseKey"/>) and
/// <see cref="AreVariants"/> finds nothing against it: of two or more words, at least one spelled alike, and every
/// word spelled differently apart from its counterpart in the vowels after one letter only; neither a common Arabic
/// given name (خالد / خلود) nor of an Arabic form (محمد العويس / محمد العيسى: a goalkeeper and a cleric; عوض / عائض
/// القرني); nor a word Wikidata gives another Latin form than its counterpart (حامد hamed / حميد hamid, تيري terry /
/// تييري thierry, برانسون / برونسون).
/// </summary>
public static class NameVariants
{
    /// <summary>The identity key (<see cref="NameKey.Identity"/>) without the long vowels after each word's first letter.</summary>
    public static string LooseKey(string identityKey)
    {
        ArgumentNullException.ThrowIfNull(identityKey);
        return string.Join(' ', identityKey.Split(' ').Select(Skeleton));
    }

    /// <summary>
    /// Whether two discovered names (Arabic, as the archive shows them) are spellings of one name: see the class.
    /// Names of one word are never joined this way; nor are names whose words a joiner (عبد، أبو، دي) makes differ
    /// in number.
    /// </summary>
    public static bool AreVariants(string nameA, string nameB, NameLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(nameA);
        ArgumentNullException.ThrowIfNull(nameB);
        ArgumentNullException.ThrowIfNull(lexicon);
        var a = Words(nameA);
        var b = Words(nameB);
        if (a.Length < 2 || a.Length != b.Length)
        {
            return false;
        }

        var alike = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var (ka, kb) = (NameKey.IdentityWord(a[i]), NameKey.IdentityWord(b[i]));
            if (ka == kb)
            {
                alike++;
                continue;
            }

            var skeleton = Skeleton(ka);
            if (skeleton.Length < 2 || skeleton != Skeleton(kb) || !VowelsDifferInOnePlace(ka, kb) || lexicon.IsGivenName(a[i]) || lexicon.IsGivenName(b[i])
                || IsArabicForm(a[i]) || IsArabicForm(b[i]))
            {
                return false;
            }

            var (la, lb) = (lexicon.AttestedLatinOf(a[i]), lexicon.AttestedLatinOf(b[i]));
            if (la is not null && lb is not null && !string.Equals(la, lb, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return alike > 0;
    }

    /// <summary>
    /// Whether <paramref name="candidate"/>, a spelling of the same name as <paramref name="current"/>, has more words
    /// the name lexicon knows (زوكربيرغ and كورتوا are Wikidata's, زكربيرغ and كورتو nobody's): the better name to show.
    /// </summary>
    public static bool BetterKnown(string candidate, string current, NameLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(lexicon);
        return Words(candidate).Count(w => lexicon.Contains(w)) > Words(current).Count(w => lexicon.Contains(w));
    }

    // The long vowels differ after one letter only (كين / كاين, نويرت / ناورت, زوكربيرغ / زوكربرغ): vowels that move to
    // another place make another name (قدور / قويدر، جوان / جنا), as do several added (غلين / غاليانو). The words have
    // one skeleton; between each letter of it and the next come the vowel runs compared.
    private static bool VowelsDifferInOnePlace(string a, string b)
    {
        var (i, j, differences) = (1, 1, 0);
        while (true)
        {
            var (runA, runB) = (i, j);
            while (i < a.Length && IsLongVowel(a[i]))
            {
                i++;
            }

            while (j < b.Length && IsLongVowel(b[j]))
            {
                j++;
            }

            if (!a.AsSpan(runA, i - runA).SequenceEqual(b.AsSpan(runB, j - runB)) && ++differences > 1)
            {
                return false;
            }

            if (i >= a.Length || j >= b.Length)
            {
                return true;
            }

            // The skeleton's next letter, the same in both.
            i++;
            j++;
        }
    }

    // Arabic names, whose long vowels and hamza tell names apart: a family name in ال (الزواري، الوزيري، الزير), a name
    // with أبو or عبد (أبوزيد، أبازيد), a hamza inside (عائض is not عوض).
    private static bool IsArabicForm(string normalizedWord) =>
        normalizedWord.StartsWith("ال", StringComparison.Ordinal) || normalizedWord.StartsWith("عبد", StringComparison.Ordinal)
        || (normalizedWord.Length > 3 && normalizedWord[0] == 'ا' && normalizedWord[1] == 'ب' && IsLongVowel(normalizedWord[2]))
        || normalizedWord.AsSpan(1).Contains('ء');

    private static bool IsLongVowel(char c) => c is 'ا' or 'و' or 'ي';

    // The words as the linker found them: separated by spaces (NFKC makes a no-break space one) or tabs.
    private static string[] Words(string name) => ArabicNormalizer.Normalize(name).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    // The word's first letter, then its letters less ا و ي (normalised, so أ إ آ ى are among them already).
    private static string Skeleton(string word)
    {
        if (word.Length <= 1)
        {
            return word;
        }

        Span<char> buffer = word.Length <= 64 ? stackalloc char[word.Length] : new char[word.Length];
        buffer[0] = word[0];
        var n = 1;
        foreach (var c in word.AsSpan(1))
        {
            if (!IsLongVowel(c))
            {
                buffer[n++] = c;
            }
        }

        return new string(buffer[..n]);
    }
}
