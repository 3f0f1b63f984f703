using System.Buffers;
using System.Collections.Concurrent;
using System.Data.Common;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ZstdSharp;

namespace ArabicNewsArchive.Articles;

/// <summary>
/// How the source text is stored in <c>Articles.SourceText</c> (and <c>ArticleRevisions.SourceText</c>): its UTF-8
/// bytes, compressed with Zstandard and a dictionary trained on Arabic news (<see cref="SourceTextDictionary"/>), as a
/// BLOB. Real articles compress to ~31% of their UTF-8 size (Deflate without a dictionary: ~37%), so a compressed
/// article mostly fits in its row's page. Still the one copy of the text: paragraphs, snippets and evidence are read
/// from it by offsets.
/// </summary>
/// <remarks>
/// A stored value is one of: a BLOB starting with <see cref="ZstdMarker"/> (then the UTF-8 length as a varint, then a
/// magicless Zstandard frame without content size or dictionary id, compressed with the shipped dictionary); a BLOB
/// starting with <see cref="DeflateMarker"/> (then the length, then raw Deflate: what stores written before the
/// dictionary hold); a BLOB of plain UTF-8 (short texts that compression would not shrink); or, in stores written
/// before migration <c>CompressedText</c> until start-up has compressed them, TEXT. UTF-8 never holds the bytes 0xFE
/// and 0xFF, so a marker cannot be confused with a text's first byte, and TEXT read as bytes is its UTF-8: one decoder
/// reads all four. The dictionary can never change under a marker: a new dictionary needs a new marker.
/// Level 3 with the 64 KB dictionary: on the ANT corpora (which the dictionary never saw) 80% (Jawhara FM) and 85%
/// (five outlets) of Deflate's bytes, at about half Deflate's CPU both ways; level 9 saves 4–5 points more at four
/// times Deflate's compression time (docs/history/performance-rounds.md, "The source text").
/// </remarks>
public static class SourceTextCodec
{
    /// <summary>The first byte of a value Zstandard compressed with the shipped dictionary (never a UTF-8 byte).</summary>
    public const byte ZstdMarker = 0xFE;

    /// <summary>The first byte of a Deflate-compressed value, as stores written before the dictionary hold (never a UTF-8 byte).</summary>
    public const byte DeflateMarker = 0xFF;

    private const int Level = 3;

    // Below this many UTF-8 bytes the frame header and the length outweigh what compression saves.
    private const int MinCompressed = 16;

    private static readonly Lazy<byte[]> s_dictionary = new(SourceTextDictionary.Load);

    // Compressors and decompressors with the dictionary loaded, reused: loading it costs more than compressing an
    // article. A pool, not one per thread: the web server's thread pool has many threads, few of them decoding at once.
    private static readonly ConcurrentBag<Compressor> s_compressors = [];
    private static readonly ConcurrentBag<Decompressor> s_decompressors = [];

    // Texts compressed ahead (EncodeAhead), keyed by the string instance: the value dies with the text.
    private static readonly ConditionalWeakTable<string, byte[]> s_ahead = new();

    /// <summary>
    /// Compresses a text now, so that <see cref="Encode"/> of the same string instance later only looks it up. Bulk
    /// ingestion calls it on its preparing threads: compression was a tenth of the single writer thread's time.
    /// </summary>
    internal static void EncodeAhead(string text) => s_ahead.AddOrUpdate(text, Compress(text));

    /// <summary>The stored bytes of a text.</summary>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return s_ahead.TryGetValue(text, out var ahead) ? ahead : Compress(text);
    }

    private static byte[] Compress(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        if (utf8.Length < MinCompressed)
        {
            return utf8;
        }

        var compressor = s_compressors.TryTake(out var pooled) ? pooled : NewCompressor();
        try
        {
            var buffer = ArrayPool<byte>.Shared.Rent(6 + Compressor.GetCompressBound(utf8.Length));
            try
            {
                var at = WriteHeader(buffer, ZstdMarker, utf8.Length);
                var length = at + compressor.Wrap(utf8, buffer.AsSpan(at));
                // A text that compression cannot shrink (already compressed data, random letters) is kept as it is.
                return length < utf8.Length ? buffer.AsSpan(0, length).ToArray() : utf8;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            s_compressors.Add(compressor);
        }
    }

    /// <summary>Today's Deflate form of a text, as stores written before the dictionary hold (tests write old stores with it).</summary>
    internal static byte[] EncodeDeflate(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var output = new MemoryStream(utf8.Length / 2 + 16);
        var header = new byte[6];
        output.Write(header, 0, WriteHeader(header, DeflateMarker, utf8.Length));
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(utf8);
        }

        return output.ToArray();
    }

    private static int WriteHeader(Span<byte> output, byte marker, int length)
    {
        output[0] = marker;
        var at = 1;
        for (var n = (uint)length; ; n >>= 7)
        {
            if (n < 0x80)
            {
                output[at++] = (byte)n;
                return at;
            }

            output[at++] = (byte)(n | 0x80);
        }
    }

    // The length is in our header and the dictionary is implied by the marker: the frame need not repeat them.
    private static Compressor NewCompressor() => ZstdFrames.Compressor(s_dictionary.Value, Level);

    private static Decompressor NewDecompressor() => ZstdFrames.Decompressor(s_dictionary.Value);

    /// <summary>The text of stored bytes (any of the forms in the remarks).</summary>
    public static string Decode(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Length == 0 || stored[0] is not (DeflateMarker or ZstdMarker))
        {
            return Encoding.UTF8.GetString(stored);
        }

        var at = 1;
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (at >= stored.Length || shift > 28)
            {
                throw new InvalidDataException("a stored source text's length is cut short");
            }

            var b = stored[at++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (stored[0] == ZstdMarker)
            {
                var decompressor = s_decompressors.TryTake(out var pooled) ? pooled : NewDecompressor();
                try
                {
                    if (decompressor.Unwrap(stored.AsSpan(at), buffer.AsSpan(0, length)) != length)
                    {
                        throw new InvalidDataException("a stored source text is shorter than its length");
                    }
                }
                finally
                {
                    s_decompressors.Add(decompressor);
                }

                return Encoding.UTF8.GetString(buffer, 0, length);
            }

            using (var inflate = new DeflateStream(new MemoryStream(stored, at, stored.Length - at, writable: false), CompressionMode.Decompress))
            {
                inflate.ReadExactly(buffer, 0, length);
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The text in a column a raw query read (<c>SELECT SourceText ...</c>): compressed or plain BLOB, or TEXT in a
    /// row not compressed yet.
    /// </summary>
    public static string Read(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Decode(reader.GetFieldValue<byte[]>(ordinal));
    }

    /// <summary>The EF value converter of the columns.</summary>
    public static ValueConverter<string, byte[]> Converter { get; } = new(v => Encode(v), v => Decode(v));
}
