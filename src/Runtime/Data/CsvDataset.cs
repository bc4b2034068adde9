using System.Globalization;
using System.Numerics;

namespace DslNets.Data;

/// <summary>
/// Reads labelled numeric CSV files such as the UCI sets (iris, breast cancer, optical digits): one sample per
/// line, comma-separated features, the integer class label in the last column, optionally a first line
/// "rows,columns,class names..." that is checked against the data. Gzip is recognised by its magic bytes.
/// Every problem (a bad, empty, NaN or infinite number, a wrong field count, a header that disagrees with the
/// data) throws a <see cref="DataFormatException"/> naming the file, the line and the column.
/// </summary>
public static class CsvDataset
{
    /// <summary>The longest line accepted, in characters (1 Mi): far beyond a sample of a few thousand features, and a
    /// bound on what one line without line breaks can cost.</summary>
    public const int MaxLineLength = 1 << 20;

    /// <summary>Loads <paramref name="path"/> as a data set.</summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    /// <param name="header">Whether the first line is a header; <see cref="CsvHeader.Auto"/> decides from its content.</param>
    /// <typeparam name="T">The feature type (float or double); numbers are parsed directly as T.</typeparam>
    /// <exception cref="DataFormatException">The text is not a consistent labelled CSV file, or a line is longer than
    /// <see cref="MaxLineLength"/> (the message names the file, the line, what was expected and what was found).</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The OS could not read the file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading the file.</exception>
    public static Dataset<T> Load<T>(string path, CsvHeader header = CsvHeader.Auto) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected a CSV file but there is no such file.", path);
        using Stream stream = CompressedFiles.OpenRead(path, out _);
        return Load<T>(stream, path, header);
    }

    /// <summary>Reads a whole file held in memory (the fuzz tests' entry); <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="DataFormatException">The text is not a consistent labelled CSV file.</exception>
    internal static Dataset<T> Parse<T>(string path, byte[] bytes, CsvHeader header = CsvHeader.Auto) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using Stream stream = CompressedFiles.Decompressing(new MemoryStream(bytes, writable: false), out _);
        return Load<T>(stream, path, header);
    }

    private static Dataset<T> Load<T>(Stream stream, string path, CsvHeader header) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var text = new StreamReader(stream);
        var reader = new BoundedLineReader(text, MaxLineLength, path);
        int? headerRows = null, headerColumns = null;
        string[]? classNames = null;
        int lineNumber = 0;
        int fieldCount = -1;
        int firstDataLine = 0;
        int blankLine = 0;
        var features = new List<T>();
        var labels = new List<int>();
        try
        {
            while (reader.ReadLine() is { } line)
            {
                lineNumber = reader.LineNumber;
                if (line.Trim().Length == 0)
                {
                    if (blankLine == 0) blankLine = lineNumber;
                    continue;
                }

                if (blankLine != 0)
                {
                    throw new DataFormatException($"{path}: line {blankLine} is empty but line {lineNumber} has data; expected no blank lines between rows");
                }

                string[] fields = line.Split(',');
                if (lineNumber == 1 && IsHeader(fields, header))
                {
                    (headerRows, headerColumns, classNames) = ParseHeader(fields, path);
                    continue;
                }

                if (fieldCount < 0)
                {
                    fieldCount = fields.Length;
                    firstDataLine = lineNumber;
                    if (headerColumns is { } columns && fieldCount != columns + 1)
                    {
                        throw new DataFormatException(
                            $"{path}: the header says {columns} feature columns (so {columns + 1} fields with the label) but line {lineNumber} has {fieldCount} fields");
                    }

                    if (fieldCount < 2)
                    {
                        throw new DataFormatException($"{path}: expected at least one feature and a label on line {lineNumber} but found {fieldCount} field");
                    }
                }
                else if (fields.Length != fieldCount)
                {
                    throw new DataFormatException(
                        $"{path}: line {lineNumber} has {fields.Length} fields but line {firstDataLine} has {fieldCount}; expected the same number on every line");
                }

                for (int c = 0; c < fieldCount - 1; c++) features.Add(ParseNumber<T>(fields[c], path, lineNumber, c + 1));
                labels.Add(ParseLabel(fields[^1], path, lineNumber, fieldCount, classNames));
            }
        }
        catch (InvalidDataException error)
        {
            throw new DataFormatException($"{path}: expected a valid gzip stream but it is corrupt after line {lineNumber} ({error.Message})", error);
        }

        if (labels.Count == 0) throw new DataFormatException($"{path}: expected at least one row of data but found none");
        if (headerRows is { } rows && rows != labels.Count)
        {
            throw new DataFormatException($"{path}: the header says {rows} rows but the file has {labels.Count} rows of data");
        }

        int classCount = classNames?.Length ?? labels.Max() + 1;
        return new Dataset<T>(features.ToArray(), labels.ToArray(), fieldCount - 1, classCount, classNames);
    }

    private static bool IsHeader(string[] fields, CsvHeader header) => header switch
    {
        CsvHeader.RowsColumnsClassNames => true,
        CsvHeader.None => false,
        _ => fields.Length >= 3 && !double.TryParse(fields[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _),
    };

    private static (int Rows, int Columns, string[] ClassNames) ParseHeader(string[] fields, string path)
    {
        if (fields.Length < 3)
        {
            throw new DataFormatException($"{path}: line 1: expected a header \"rows,columns,class names...\" with at least one class name but found {fields.Length} fields");
        }

        int rows = HeaderCount(fields[0], path, 1, "the row count");
        int columns = HeaderCount(fields[1], path, 2, "the feature column count");
        string[] names = fields[2..].Select(f => f.Trim()).ToArray();
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0) throw new DataFormatException($"{path}: line 1, column {i + 3}: expected a class name but the field is empty");
        }

        return (rows, columns, names);
    }

    private static int HeaderCount(string field, string path, int column, string what)
    {
        if (int.TryParse(field.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0) return value;
        throw new DataFormatException($"{path}: line 1, column {column}: expected {what} (a positive integer) in the header but found '{field}'");
    }

    private static T ParseNumber<T>(string field, string path, int line, int column) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<char> text = field.AsSpan().Trim();
        if (text.Length == 0) throw new DataFormatException($"{path}: line {line}, column {column}: expected a number but the field is empty");
        if (!T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out T value) || !T.IsFinite(value))
        {
            throw new DataFormatException($"{path}: line {line}, column {column}: expected a finite number but found '{field}'");
        }

        return value;
    }

    private static int ParseLabel(string field, string path, int line, int column, string[]? classNames)
    {
        string text = field.Trim();
        if (text.Length == 0) throw new DataFormatException($"{path}: line {line}, column {column} (the label): expected a class label but the field is empty");
        // Labels are integers but some files write them as "2.0".
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value)
            || value < 0 || value != Math.Floor(value) || value > int.MaxValue - 1)
        {
            throw new DataFormatException($"{path}: line {line}, column {column} (the label): expected a non-negative integer class label but found '{field}'");
        }

        int label = (int)value;
        if (classNames is not null && label >= classNames.Length)
        {
            throw new DataFormatException(
                $"{path}: line {line}, column {column} (the label): expected a label from 0 to {classNames.Length - 1} (the header names {classNames.Length} classes) but found {label}");
        }

        return label;
    }
}
