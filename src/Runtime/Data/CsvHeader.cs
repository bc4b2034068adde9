namespace DslNets.Data;

/// <summary>Whether a labelled CSV file starts with the UCI-style header line "rows,columns,class names...".</summary>
public enum CsvHeader
{
    /// <summary>
    /// A header if the first line has at least three fields and its third is not a number (a class name);
    /// otherwise the first line is data. Right for the UCI files DslNets uses.
    /// </summary>
    Auto,

    /// <summary>The first line is "rows,columns,class names..." (columns counts the features, not the label).</summary>
    RowsColumnsClassNames,

    /// <summary>Every line is data.</summary>
    None,
}
