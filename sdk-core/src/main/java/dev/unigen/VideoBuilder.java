package dev.unigen;

import dev.unigen.request.Media;
import dev.unigen.request.Task;
import java.time.Duration;

/**
 * Builds a video request: text-to-video, image-to-video when a start image is given, or
 * video-to-video when an input video is given.
 */
public final class VideoBuilder extends RequestBuilder<VideoBuilder> {
  private boolean hasImage;
  private boolean hasVideo;

  VideoBuilder(Generator generator, String model) {
    super(generator, Task.TEXT_TO_VIDEO, model);
  }

  /** Sets the length. */
  public VideoBuilder duration(Duration duration) { request.duration(duration); return this; }
  /** Sets the resolution, such as {@code 720p} or {@code 1080p}. */
  public VideoBuilder resolution(String resolution) { request.resolution(resolution); return this; }
  /** Sets the frame size in pixels. */
  public VideoBuilder size(int width, int height) { request.size(width, height); return this; }
  /** Sets the aspect ratio, such as {@code 16:9}. */
  public VideoBuilder aspectRatio(String ratio) { request.aspectRatio(ratio); return this; }
  /** Sets the frame rate. */
  public VideoBuilder fps(int fps) { request.fps(fps); return this; }
  /** Asks for generated audio. */
  public VideoBuilder audio(boolean audio) { request.audio(audio); return this; }
  /** Asks for voice control. */
  public VideoBuilder voiceControl(boolean voiceControl) { request.voiceControl(voiceControl); return this; }
  /** Adds a reference image. */
  public VideoBuilder reference(Media media) { request.reference(media); return this; }

  /** Sets the start image, making this image-to-video. */
  public VideoBuilder image(Media image) {
    request.image(image);
    hasImage = image != null;
    return this;
  }

  /** Sets an input video, making this video-to-video. */
  public VideoBuilder video(Media video) {
    request.video(video);
    hasVideo = video != null;
    return this;
  }

  @Override
  Task task() {
    if (hasVideo) return Task.VIDEO_TO_VIDEO;
    return hasImage ? Task.IMAGE_TO_VIDEO : Task.TEXT_TO_VIDEO;
  }
}
