using System.Numerics;

namespace DslNets.Data;

/// <summary>
/// Loads MNIST from the four standard IDX files in a folder the user gives (MNIST is not shipped with DslNets;
/// scripts/fetch-mnist.sh fetches it). Each file may be gzip-compressed (name ending in .gz) or raw.
/// </summary>
public static class Mnist
{
    /// <summary>The training images' file name without .gz.</summary>
    public const string TrainingImagesFile = "train-images-idx3-ubyte";

    /// <summary>The training labels' file name without .gz.</summary>
    public const string TrainingLabelsFile = "train-labels-idx1-ubyte";

    /// <summary>The test images' file name without .gz.</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte";

    /// <summary>The test labels' file name without .gz.</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte";

    /// <summary>MNIST has ten classes, the digits 0–9.</summary>
    public const int ClassCount = 10;

    /// <summary>
    /// Loads the training and test sets from <paramref name="folder"/>, which holds the four standard files, each
    /// raw or with .gz appended (raw preferred when both exist). Checks that images and labels agree in count.
    /// </summary>
    /// <param name="folder">The folder with the four files.</param>
    /// <typeparam name="T">The feature type (float or double).</typeparam>
    /// <exception cref="DataFormatException">A file is not a consistent IDX file of the kind expected, or images and labels disagree (the message names the file, what was expected and what was found).</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="IOException">The OS could not read a file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading a file.</exception>
    public static MnistData<T> Load<T>(string folder) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Expected a folder with the MNIST files but '{folder}' does not exist (scripts/fetch-mnist.sh can fetch them).");
        }

        Dataset<T> training = LoadPart<T>(Find(folder, TrainingImagesFile), Find(folder, TrainingLabelsFile));
        Dataset<T> test = LoadPart<T>(Find(folder, TestImagesFile), Find(folder, TestLabelsFile));
        return new MnistData<T>(training, test);
    }

    /// <summary>Loads one image file and its label file as a data set, checking they agree in count.</summary>
    /// <param name="imagesPath">The images (magic 0x00000803), raw or gzip.</param>
    /// <param name="labelsPath">The labels (magic 0x00000801), raw or gzip.</param>
    /// <typeparam name="T">The feature type (float or double).</typeparam>
    /// <exception cref="DataFormatException">A file is not a consistent IDX file of the kind expected, or images and labels disagree (the message names the file, what was expected and what was found).</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="IOException">The OS could not read a file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading a file.</exception>
    public static Dataset<T> LoadPart<T>(string imagesPath, string labelsPath) where T : unmanaged, IFloatingPointIeee754<T>
    {
        MnistImages<T> images = LoadImages<T>(imagesPath);
        byte[] labels = LoadLabels(labelsPath);
        return Pair(images, imagesPath, labels, labelsPath);
    }

    /// <summary>Images and labels already read, checked against each other and joined (the fuzz tests' entry).</summary>
    /// <exception cref="DataFormatException">They differ in count, or a label is not a digit.</exception>
    internal static Dataset<T> Pair<T>(MnistImages<T> images, string imagesPath, byte[] labels, string labelsPath) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (images.Count != labels.Length)
        {
            throw new DataFormatException(
                $"{imagesPath} holds {images.Count} images but {labelsPath} holds {labels.Length} labels; expected the same count");
        }

        var intLabels = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= ClassCount)
            {
                throw new DataFormatException($"{labelsPath}: expected labels 0 to {ClassCount - 1} but label {i} is {labels[i]}");
            }

            intLabels[i] = labels[i];
        }

        return new Dataset<T>(images.Pixels, intLabels, images.Rows * images.Columns, ClassCount);
    }

    /// <summary>Reads an MNIST image file (magic 0x00000803: unsigned bytes, 3 dimensions) and scales pixels to [0, 1] by /255.</summary>
    /// <param name="path">The file, raw or gzip.</param>
    /// <typeparam name="T">The pixel type (float or double).</typeparam>
    /// <exception cref="DataFormatException">A file is not a consistent IDX file of the kind expected, or images and labels disagree (the message names the file, what was expected and what was found).</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="IOException">The OS could not read a file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading a file.</exception>
    public static MnistImages<T> LoadImages<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        return ToImages<T>(IdxReader.Read(path, IdxDataType.UnsignedByte, 3, "image data"));
    }

    /// <summary>An image file already read, checked and scaled (the fuzz tests' entry).</summary>
    /// <exception cref="DataFormatException">The images have no pixels or too many.</exception>
    internal static MnistImages<T> ToImages<T>(IdxFile file) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string path = file.FileName;
        if (file.Dimensions[1] < 1 || file.Dimensions[2] < 1 || (long)file.Dimensions[1] * file.Dimensions[2] > int.MaxValue)
        {
            // A data set needs at least one pixel per image (and a pixel count that fits an int), even when it holds no images.
            throw new DataFormatException(
                $"{path}: expected images of at least 1×1 and at most {int.MaxValue} pixels but the header says {file.Dimensions[1]}×{file.Dimensions[2]}");
        }

        // One division per grey level, not per pixel: 256 exact quotients looked up.
        var levels = new T[256];
        T full = T.CreateChecked(255);
        for (int b = 0; b < levels.Length; b++) levels[b] = T.CreateChecked(b) / full;
        var pixels = new T[file.Data.Length];
        ReadOnlySpan<byte> data = file.Data;
        for (int i = 0; i < pixels.Length; i++) pixels[i] = levels[data[i]];
        return new MnistImages<T>(pixels, file.Dimensions[0], file.Dimensions[1], file.Dimensions[2]);
    }

    /// <summary>Reads an MNIST label file (magic 0x00000801: unsigned bytes, 1 dimension).</summary>
    /// <param name="path">The file, raw or gzip.</param>
    /// <exception cref="DataFormatException">A file is not a consistent IDX file of the kind expected, or images and labels disagree (the message names the file, what was expected and what was found).</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="IOException">The OS could not read a file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading a file.</exception>
    public static byte[] LoadLabels(string path) => IdxReader.Read(path, IdxDataType.UnsignedByte, 1, "label data").Data;

    private static string Find(string folder, string name)
    {
        string raw = Path.Combine(folder, name);
        if (File.Exists(raw)) return raw;
        string compressed = raw + ".gz";
        if (File.Exists(compressed)) return compressed;
        throw new FileNotFoundException($"{folder}: expected the MNIST file '{name}' or '{name}.gz' but found neither (scripts/fetch-mnist.sh can fetch them).", compressed);
    }
}
