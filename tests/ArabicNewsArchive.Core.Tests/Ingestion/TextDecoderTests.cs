using System.Text;
using ArabicNewsArchive.Ingestion;

namespace ArabicNewsArchive.Tests.Ingestion;

public class TextDecoderTests
{
    private const string Arabic = "دبي- الشرق\nاتفقت روسيا والصين على زيادة التعاون العسكري بينهما.";

    [Fact]
    public void Decode_ReadsUtf8WithoutBom()
    {
        var result = TextDecoder.Decode(Encoding.UTF8.GetBytes(Arabic));
        Assert.Equal(Arabic, result.Text);
        Assert.Equal("UTF-8", result.EncodingName);
    }

    [Fact]
    public void Decode_DropsOnlyTheUtf8Bom()
    {
        var result = TextDecoder.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Arabic)]);
        Assert.Equal(Arabic, result.Text);
    }

    [Fact]
    public void Decode_ReadsUtf16LittleAndBigEndianWithBom()
    {
        Assert.Equal(Arabic, TextDecoder.Decode(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Arabic)).ToArray()).Text);
        Assert.Equal(Arabic, TextDecoder.Decode(Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(Arabic)).ToArray()).Text);
    }

    [Fact]
    public void Decode_ReadsWindows1256Arabic()
    {
        var bytes = TextDecoder.Windows1256.GetBytes(Arabic);
        var result = TextDecoder.Decode(bytes);
        Assert.Null(result.Rejection);
        Assert.Equal(Arabic, result.Text);
        Assert.Equal("Windows-1256", result.EncodingName);
    }

    [Fact]
    public void Decode_KeepsCrlfAsRead()
    {
        var crlf = Arabic.Replace("\n", "\r\n");
        Assert.Equal(crlf, TextDecoder.Decode(Encoding.UTF8.GetBytes(crlf)).Text);
    }

    [Fact]
    public void Decode_RejectsLatin1ThatIsNotArabic()
    {
        // "café crème" in Latin-1: not UTF-8, and not Arabic once read as Windows-1256.
        var result = TextDecoder.Decode(Encoding.Latin1.GetBytes("café crème brûlée à la française"));
        Assert.StartsWith("undecodable", result.Rejection);
    }

    [Fact]
    public void Decode_RejectsNulBytes()
    {
        Assert.StartsWith("binary", TextDecoder.Decode([0x41, 0x00, 0x42, 0x43, 0x00, 0x01]).Rejection);
    }

    [Fact]
    public void Decode_RejectsBomlessUtf16WithAHint()
    {
        Assert.Contains("UTF-16 without a BOM", TextDecoder.Decode(Encoding.Unicode.GetBytes("hello world")).Rejection);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "PNG")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 }, "JPEG")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "GIF")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "PDF")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, "ZIP")]
    public void Decode_RejectsFilesThatAreNotText(byte[] bytes, string kind)
    {
        var result = TextDecoder.Decode(bytes);
        Assert.StartsWith("not text", result.Rejection);
        Assert.Contains(kind, result.Rejection);
    }

    [Fact]
    public void Decode_RejectsControlCharacters()
    {
        // One stray is dropped (Decode_DropsAStrayControlCharacterWithAWarning); several in a few letters are binary.
        Assert.StartsWith("binary", TextDecoder.Decode("abc\u0001\u0002def\u0003"u8.ToArray()).Rejection);
    }

    [Fact]
    public void Decode_RejectsEmptyAndWhitespaceOnly()
    {
        Assert.StartsWith("empty", TextDecoder.Decode([]).Rejection);
        Assert.StartsWith("empty", TextDecoder.Decode(" \r\n\t\n"u8).Rejection);
        Assert.StartsWith("empty", TextDecoder.Decode([0xEF, 0xBB, 0xBF, 0x20, 0x0A]).Rejection);
    }

    [Fact]
    public void Decode_RejectsFilesOverTheLimit()
    {
        var bytes = new byte[TextDecoder.MaxFileBytes + 1];
        Array.Fill(bytes, (byte)'a');
        Assert.StartsWith("larger than the 5 MB limit", TextDecoder.Decode(bytes).Rejection);
    }

    [Fact]
    public void Decode_DropsAStrayControlCharacterWithAWarning()
    {
        // U+001A (SUB) where a converter met a byte it could not map: common in scraped news, and no reason to
        // lose the article.
        var result = TextDecoder.Decode(Encoding.UTF8.GetBytes("دبي- الشرق\nاتفقت روسيا\u001A والصين على زيادة التعاون العسكري بينهما."));
        Assert.Null(result.Rejection);
        Assert.Equal("دبي- الشرق\nاتفقت روسيا والصين على زيادة التعاون العسكري بينهما.", result.Text);
        Assert.Contains("U+001A", result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ManyControlCharactersAreStillBinary()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("نص\u0001\u0002", 40)));
        Assert.StartsWith("binary: contains control character U+0001", TextDecoder.Decode(bytes).Rejection);
    }
}
