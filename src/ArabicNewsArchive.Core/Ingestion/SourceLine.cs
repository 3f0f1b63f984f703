namespace ArabicNewsArchive.Ingestion;

/// <summary>
/// One line of the source text: <see cref="Start"/> to <see cref="ContentEnd"/> is the text, <see cref="End"/>
/// includes the terminator (\r\n, \n or \r), so consecutive lines tile the source text exactly.
/// </summary>
public readonly record struct SourceLine(int Number, int Start, int ContentEnd, int End)
{
    public static List<SourceLine> Split(string text, int from = 0, int firstNumber = 1)
    {
        var lines = new List<SourceLine>();
        var start = from;
        var number = firstNumber;
        var i = from;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                var contentEnd = i;
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                lines.Add(new SourceLine(number++, start, contentEnd, i));
                start = i;
            }
            else
            {
                i++;
            }
        }

        if (start < text.Length)
        {
            lines.Add(new SourceLine(number, start, text.Length, text.Length));
        }

        return lines;
    }
}
