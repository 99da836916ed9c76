package dev.unigen;

import dev.unigen.request.Media;
import dev.unigen.request.Task;
import java.math.BigDecimal;

/**
 * Builds an edit: inpainting when a mask is given, image-to-image from one input image, or a
 * multi-reference edit from reference images.
 */
public final class EditBuilder extends RequestBuilder.Images<EditBuilder> {
  private boolean hasImage;
  private boolean hasMask;
  private boolean hasReferences;

  EditBuilder(Generator generator, String model) {
    super(generator, Task.IMAGE_TO_IMAGE, model);
  }

  /** Sets the image to edit. */
  public EditBuilder image(Media image) {
    request.image(image);
    hasImage = image != null;
    return this;
  }

  /** Sets the inpainting mask (white is repainted). */
  public EditBuilder mask(Media mask) {
    request.mask(mask);
    hasMask = mask != null;
    return this;
  }

  /** Sets how far the result may depart from the input, 0..1. */
  public EditBuilder strength(BigDecimal strength) {
    request.strength(strength);
    return this;
  }

  @Override
  public EditBuilder reference(Media media) {
    hasReferences = true;
    return super.reference(media);
  }

  @Override
  Task task() {
    if (hasMask) return Task.INPAINT;
    if (hasReferences) return Task.MULTI_REFERENCE;
    return Task.IMAGE_TO_IMAGE;
  }

  boolean hasImage() {
    return hasImage;
  }
}
