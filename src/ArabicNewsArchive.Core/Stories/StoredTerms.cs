using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ArabicNewsArchive.Stories;

/// <summary>
/// The stored form of <see cref="ArticleStoryFeatures.Terms"/> and <see cref="ArticleStoryFeatures.CountedTerms"/>:
/// the text "stem:count …" took ~1.7 KB per real article (every Arabic letter two bytes of UTF-8, a colon, digits and a
/// space per stem), the largest of the story tables. The blob keeps the same entries in the same order (duplicates
/// too, so parsing either form gives the same result): a mark byte, then per entry a varint header
/// (stem length in bytes × 4 + the count when below 3, else 3 and the count − 3 as a second varint) and the stem with
/// one byte per letter (ASCII as itself, U+0600–U+067E as 0x80 + its offset, anything else 0xFF and its UTF-16 unit).
/// A value without the mark is the old text (stores written before; SQLite hands its UTF-8 bytes to a blob read).
/// Since 2026-12-06 the entries are stored Deflate-compressed behind a second mark (<see cref="DeflatedMark"/>, then
/// the entries' length as a varint): the stems' letters take ~5 bits each, 947 → 611 bytes per ANT article; a value
/// Deflate does not shorten keeps the first form, and both forms are read.
/// Since 2026-12-07 the split form (<see cref="SplitMark"/>): the headers and counts and the letters as two Deflate
/// streams, a lead stem's body twin right after it ("^قمة" then "قمة") written as no letters: 510 → 436 bytes per
/// article at 100k ANT. Since the evening of 2026-12-07 the same two streams are Zstandard frames with a dictionary
/// each (<see cref="ZstdSplitMark"/>, <see cref="TermStreams"/>): 5-8 % fewer bytes than Deflate on ANT and a third
/// less CPU to encode. Every form is read (<see cref="Inflated"/> gives back the first form byte for byte), so the
/// stem order, which the grouping's numbering and tie-breaks follow, is the same whatever form a row is in.
/// </summary>
internal static class StoredTerms
{
    /// <summary>First byte of the compact form; the old text never starts with it (stems are letters).</summary>
    public const byte Mark = 0x01;

    /// <summary>First byte of the compact form compressed: the entries (after <see cref="Mark"/>) as raw Deflate.</summary>
    public const byte DeflatedMark = 0x02;

    /// <summary>
    /// First byte of the split form (what <see cref="Encode"/> writes since 2026-12-07): the entries' headers and
    /// counts, and their stems' letters, as two raw Deflate streams, a stem that is its predecessor's with the lead's
    /// "^" put on or taken off written as no letters.
    /// </summary>
    public const byte SplitMark = 0x03;

    /// <summary>
    /// First byte of the split form with its two streams in Zstandard (<see cref="TermStreams"/>), each with a
    /// dictionary of its own: what <see cref="Encode"/> writes since 2026-12-07 (evening).
    /// </summary>
    public const byte ZstdSplitMark = 0x04;

    private const byte LeadPrefix = (byte)'^';

    // Values encoded ahead on the preparing threads (Prepare), so the single writer's converter only looks them up.
    private static readonly ConditionalWeakTable<string, byte[]> s_prepared = [];

    private const char ArabicBase = '\u0600';
    private const byte Escape = 0xFF;

    /// <summary>The converter the model maps both columns with.</summary>
    public static readonly ValueConverter<string, byte[]> Converter = new(text => Stored(text), blob => Decode(blob));

    /// <summary>
    /// Encodes <paramref name="text"/> now (on a preparing thread), so that storing this same string instance later
    /// takes the bytes without encoding again; the entry goes with the string.
    /// </summary>
    public static string Prepare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        s_prepared.AddOrUpdate(text, Encode(text));
        return text;
    }

    private static byte[] Stored(string text) => s_prepared.TryGetValue(text, out var bytes) ? bytes : Encode(text);

    /// <summary>
    /// The stored form of the text form ("stem:count" separated by spaces); entries without a count are dropped as the
    /// parser drops them. The Zstandard split form (<see cref="ZstdSplitMark"/>) unless the plain compact form is no longer.
    /// </summary>
    public static byte[] Encode(string text)
    {
        var (compact, headers, letters) = Entries(text);
        return Split(compact, headers, letters, ZstdSplitMark);
    }

    /// <summary>The split form as it was written before <see cref="ZstdSplitMark"/>, with Deflate (stores hold it).</summary>
    internal static byte[] EncodeSplitDeflated(string text)
    {
        var (compact, headers, letters) = Entries(text);
        return Split(compact, headers, letters, SplitMark);
    }

    /// <summary>The split form's two streams, uncompressed: what their dictionaries are trained on.</summary>
    internal static (byte[] Headers, byte[] Letters) Streams(string text)
    {
        var (_, headers, letters) = Entries(text);
        return ([.. headers], [.. letters]);
    }

    // The first compact form, and the split form's two streams before compression.
    private static (List<byte> Compact, List<byte> Headers, List<byte> Letters) Entries(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new List<byte>(text.Length) { Mark };
        // The split form's two streams: a stem's letters are one alphabet, its header and count another, and
        // each compresses better alone; a lead stem's body twin comes right after it ("^stem" then "stem": one entry
        // in six of a real article), and the second is written as no letters.
        var headers = new List<byte>(text.Length / 4);
        var letters = new List<byte>(text.Length);
        var scratch = new List<byte>(32);
        var previous = new List<byte>(32);
        foreach (var range in text.AsSpan().Split(' '))
        {
            var entry = text.AsSpan(range);
            var colon = entry.LastIndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var count = (uint)int.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture);
            scratch.Clear();
            foreach (var c in entry[..colon])
            {
                if (c < 0x80)
                {
                    scratch.Add((byte)c);
                }
                else if (c >= ArabicBase && c < ArabicBase + 0x7F)
                {
                    scratch.Add((byte)(0x80 + (c - ArabicBase)));
                }
                else
                {
                    scratch.Add(Escape);
                    scratch.Add((byte)c);
                    scratch.Add((byte)(c >> 8));
                }
            }

            var small = Math.Min(count, 3u);
            Varint.Write(buffer, ((uint)scratch.Count << 2) | small);
            buffer.AddRange(scratch);
            if (IsTwin(CollectionsMarshal.AsSpan(previous), CollectionsMarshal.AsSpan(scratch)))
            {
                Varint.Write(headers, small);
            }
            else
            {
                Varint.Write(headers, ((uint)scratch.Count << 2) | small);
                letters.AddRange(scratch);
            }

            if (count >= 3)
            {
                Varint.Write(buffer, count - 3);
                Varint.Write(headers, count - 3);
            }

            (previous, scratch) = (scratch, previous);
        }

        return (buffer, headers, letters);
    }

    // True when the stem is the previous one with a lead's "^" taken off (the previous is a lead stem) or put on (it
    // is not): decided on the previous stem alone, as the reader decides it.
    private static bool IsTwin(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> stem) =>
        previous.Length > 0 && stem.Length > 0 && (previous[0] == LeadPrefix
            ? previous[1..].SequenceEqual(stem)
            : stem[0] == LeadPrefix && stem[1..].SequenceEqual(previous));

    private static byte[] Split(List<byte> compact, List<byte> headers, List<byte> letters, byte mark)
    {
        var (packedHeaders, packedLetters) = mark == ZstdSplitMark
            ? (TermStreams.Compress(TermStreams.Kind.Headers, CollectionsMarshal.AsSpan(headers)), TermStreams.Compress(TermStreams.Kind.Letters, CollectionsMarshal.AsSpan(letters)))
            : (Deflated(CollectionsMarshal.AsSpan(headers)), Deflated(CollectionsMarshal.AsSpan(letters)));
        var output = new List<byte>(packedHeaders.Length + packedLetters.Length + 16) { mark };
        Varint.Write(output, (uint)headers.Count);
        Varint.Write(output, (uint)letters.Count);
        // The headers' compressed length: the letters' stream is found without decompressing the headers first.
        Varint.Write(output, (uint)packedHeaders.Length);
        if (output.Count + packedHeaders.Length + packedLetters.Length >= compact.Count)
        {
            return [.. compact];
        }

        output.AddRange(packedHeaders);
        output.AddRange(packedLetters);
        return [.. output];
    }

    private static byte[] Deflated(ReadOnlySpan<byte> input)
    {
        var output = new MemoryStream((input.Length / 2) + 16);
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(input);
        }

        return output.ToArray();
    }

    /// <summary>The Deflate form (<see cref="DeflatedMark"/>) that <see cref="Encode"/> wrote before the split form (stores hold it).</summary>
    internal static byte[] EncodeDeflated(string text)
    {
        var entries = Inflated(Encode(text))[1..];
        var output = new List<byte>(entries.Length) { DeflatedMark };
        Varint.Write(output, (uint)entries.Length);
        output.AddRange(Deflated(entries));
        return [.. output];
    }

    /// <summary>The first compact form (<see cref="Mark"/> and the entries) of a value in any compact form.</summary>
    public static ReadOnlySpan<byte> Inflated(ReadOnlySpan<byte> stored)
    {
        if (stored.Length == 0 || stored[0] is not (DeflatedMark or SplitMark or ZstdSplitMark))
        {
            return stored;
        }

        if (stored[0] is SplitMark or ZstdSplitMark)
        {
            return Joined(stored);
        }

        var position = 1;
        var length = (int)Varint.Read(stored, ref position);
        var entries = new byte[length + 1];
        entries[0] = Mark;
        using var deflate = new DeflateStream(new MemoryStream(stored[position..].ToArray()), CompressionMode.Decompress);
        deflate.ReadExactly(entries.AsSpan(1));
        return entries;
    }

    // The split form's streams put back together as the first compact form, byte for byte.
    private static byte[] Joined(ReadOnlySpan<byte> stored)
    {
        var position = 1;
        var headers = new byte[Varint.Read(stored, ref position)];
        var letters = new byte[Varint.Read(stored, ref position)];
        var headersLength = (int)Varint.Read(stored, ref position);
        if (stored[0] == ZstdSplitMark)
        {
            TermStreams.Decompress(TermStreams.Kind.Headers, stored.Slice(position, headersLength), headers);
            TermStreams.Decompress(TermStreams.Kind.Letters, stored[(position + headersLength)..], letters);
        }
        else
        {
            Inflate(stored.Slice(position, headersLength), headers);
            Inflate(stored[(position + headersLength)..], letters);
        }

        var compact = new List<byte>(headers.Length + letters.Length + (headers.Length / 2) + 1) { Mark };
        var (at, from, previousStart, previousLength) = (0, 0, 0, 0);
        while (at < headers.Length)
        {
            var header = Varint.Read(headers, ref at);
            var length = (int)(header >> 2);
            var small = header & 3;
            int start;
            if (length == 0)
            {
                // A twin of the previous stem, whose letters the output holds.
                var previous = CollectionsMarshal.AsSpan(compact).Slice(previousStart, previousLength).ToArray();
                var lead = previous[0] == LeadPrefix;
                length = lead ? previousLength - 1 : previousLength + 1;
                Varint.Write(compact, ((uint)length << 2) | small);
                start = compact.Count;
                if (lead)
                {
                    compact.AddRange(previous.AsSpan(1));
                }
                else
                {
                    compact.Add(LeadPrefix);
                    compact.AddRange(previous);
                }
            }
            else
            {
                Varint.Write(compact, header);
                start = compact.Count;
                compact.AddRange(letters.AsSpan(from, length));
                from += length;
            }

            if (small == 3)
            {
                Varint.Write(compact, Varint.Read(headers, ref at));
            }

            (previousStart, previousLength) = (start, length);
        }

        return [.. compact];
    }

    private static void Inflate(ReadOnlySpan<byte> deflated, byte[] output)
    {
        if (output.Length == 0)
        {
            return;
        }

        using var deflate = new DeflateStream(new MemoryStream(deflated.ToArray()), CompressionMode.Decompress);
        deflate.ReadExactly(output);
    }

    /// <summary>The text form of a stored value, either form.</summary>
    public static string Decode(ReadOnlySpan<byte> stored)
    {
        if (!IsCompact(stored))
        {
            return Encoding.UTF8.GetString(stored);
        }

        stored = Inflated(stored);

        var sb = new StringBuilder(stored.Length * 2);
        Span<char> stem = stackalloc char[256];
        var position = 1;
        while (ReadEntry(stored, ref position, ref stem, out var length, out var count))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(stem[..length]).Append(':').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>True when <paramref name="stored"/> is the compact form (else it is the old text's UTF-8).</summary>
    public static bool IsCompact(ReadOnlySpan<byte> stored) => stored.Length > 0 && stored[0] is Mark or DeflatedMark or SplitMark or ZstdSplitMark;

    /// <summary>
    /// Reads the entry at <paramref name="position"/> (start at 1, past the mark; a deflated value <see cref="Inflated"/> first) into <paramref name="stem"/> (grown
    /// when too small); false at the end.
    /// </summary>
    public static bool ReadEntry(ReadOnlySpan<byte> stored, ref int position, ref Span<char> stem, out int length, out int count)
    {
        if (position >= stored.Length)
        {
            (length, count) = (0, 0);
            return false;
        }

        var header = Varint.Read(stored, ref position);
        var bytes = (int)(header >> 2);
        var end = position + bytes;
        if (stem.Length < bytes)
        {
            stem = new char[bytes];
        }

        length = 0;
        while (position < end)
        {
            var b = stored[position++];
            stem[length++] = b switch
            {
                < 0x80 => (char)b,
                Escape => (char)(stored[position++] | (stored[position++] << 8)),
                _ => (char)(ArabicBase + (b - 0x80)),
            };
        }

        var small = header & 3;
        count = (int)(small < 3 ? small : 3 + Varint.Read(stored, ref position));
        return true;
    }


}
