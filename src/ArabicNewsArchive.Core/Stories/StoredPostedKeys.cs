namespace ArabicNewsArchive.Stories;

/// <summary>
/// Each article's posted keys (migration <c>StoryPostedKeyLists</c>): the table <c>StoryPostedKeys(Doc, Keys)</c>
/// holds, per <c>SearchDocs.RowId</c>, the numbers (<see cref="StoryTerm.Id"/>) of every key the article has a
/// <see cref="StoryKey"/> row under, ascending, as a blob. It replaces <c>StoryKeys</c>' index by article
/// (17.9 MiB at 100k ANT articles, against ~6 for the lists): the story steps read an article's postings through it
/// (a pending article's old keys, a regrouped story's members' keys) and look each posting up by its key.
/// </summary>
/// <remarks>
/// Invariant: a list names exactly the article's rows in <c>StoryKeys</c>. The story steps keep it (they are the only
/// writers of both tables: a full regroup rewrites both, the incremental step rewrites a pending article's list and
/// takes a key whose postings it drops out of the lists that named it). Deleting an article keeps it through the
/// trigger <c>StoryPostedKeys_SearchDocs_Delete</c>, which decodes the list in SQL and deletes those postings and the
/// list (what the foreign key's cascade did: without an index by article it would scan the whole table per article).
/// The blob: one byte giving the width (3, or 4 when a number needs it), then each number big-endian in that width,
/// so that the trigger can read it with <c>hex()</c> and <c>substr()</c>.
/// </remarks>
internal static class StoredPostedKeys
{
    /// <summary>The table.</summary>
    public const string Table = "StoryPostedKeys";

    /// <summary>The blob of <paramref name="terms"/> (key numbers, ascending, distinct, positive).</summary>
    public static byte[] Encode(IReadOnlyList<int> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var width = 3;
        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i] <= 0 || (i > 0 && terms[i] <= terms[i - 1]))
            {
                throw new ArgumentException("Key numbers must be positive and ascending.", nameof(terms));
            }

            if (terms[i] >= 1 << 24)
            {
                width = 4;
            }
        }

        var blob = new byte[1 + (terms.Count * width)];
        blob[0] = (byte)width;
        var position = 1;
        foreach (var term in terms)
        {
            for (var shift = (width - 1) * 8; shift >= 0; shift -= 8)
            {
                blob[position++] = (byte)(term >> shift);
            }
        }

        return blob;
    }

    /// <summary>The key numbers a blob of <see cref="Encode"/> holds.</summary>
    public static int[] Decode(ReadOnlySpan<byte> blob)
    {
        if (blob.Length == 0)
        {
            return [];
        }

        var width = blob[0];
        if (width is not (3 or 4) || (blob.Length - 1) % width != 0)
        {
            throw new InvalidDataException($"Not a list of posted keys (width {width}, {blob.Length} bytes).");
        }

        var terms = new int[(blob.Length - 1) / width];
        for (int i = 0, position = 1; i < terms.Length; i++)
        {
            var term = 0;
            for (var b = 0; b < width; b++)
            {
                term = (term << 8) | blob[position++];
            }

            terms[i] = term;
        }

        return terms;
    }
}
