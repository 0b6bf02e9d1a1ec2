package org.slmcluster.runtime.rag;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Writes small PDFs with PDFBox: one page, one line per string, a blank line's gap between paragraphs. */
final class TestPdfs {

    private TestPdfs() {}

    /** Each inner list is a paragraph of lines. */
    static void write(Path file, List<List<String>> paragraphs) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                float y = 720;
                for (List<String> paragraph : paragraphs) {
                    for (String line : paragraph) {
                        content.beginText();
                        content.newLineAtOffset(72, y);
                        content.showText(line);
                        content.endText();
                        y -= 15;
                    }
                    y -= 30;
                }
            }
            document.save(file.toFile());
        }
    }
}
