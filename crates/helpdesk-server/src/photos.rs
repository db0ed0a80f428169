//! Photos a subscriber attaches to a ticket (the router's lights, a broken cable): the type
//! told by the bytes, never by the name; decoded within bounds and encoded anew, so only the
//! pixels survive — no EXIF (no location), no comments, no second file hidden behind the
//! first. A photo larger than [`MAX_SIDE`] is scaled down.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use crate::store::NewPhoto;

/// Photos per request (a new ticket's, or a reply's).
pub const MAX_PHOTOS_PER_REQUEST: usize = 3;
/// Photos one ticket may hold.
pub const MAX_PHOTOS_PER_TICKET: u64 = 12;
/// The largest photo accepted, as uploaded (the widget scales photos down before sending).
pub const MAX_PHOTO_BYTES: usize = 8 * 1024 * 1024;
/// The longest side a stored photo keeps.
pub const MAX_SIDE: u32 = 2048;
/// The longest side decoded at all: beyond it, a photo is refused unread.
const MAX_DECODED_SIDE: u32 = 10_000;

/// The format the first bytes say: JPEG, PNG or WebP, and nothing else (no SVG, no HEIC).
#[must_use]
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some(ImageFormat::Jpeg),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(ImageFormat::Png),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(ImageFormat::WebP),
        _ => None,
    }
}

/// Why a photo is refused, in words for the subscriber.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not a JPEG, PNG or WebP image by its content.
    NotAPhoto,
    /// It says it is one but cannot be read (broken, or too large to decode).
    Unreadable,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NotAPhoto => {
                "Only photos can be attached: JPEG, PNG or WebP (a phone's HEIC photo is converted by the widget)."
            }
            Self::Unreadable => "The photo could not be read: it is damaged or too large.",
        })
    }
}

/// The photo in `bytes`, cleaned: decoded, scaled down to [`MAX_SIDE`], encoded anew (JPEG,
/// or PNG when it has transparency).
///
/// # Errors
/// [`Refused`] when it is not a photo by its content, or cannot be decoded within bounds.
pub fn clean(bytes: &[u8]) -> Result<NewPhoto, Refused> {
    let format = sniff(bytes).ok_or(Refused::NotAPhoto)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    // A 48-megapixel phone photo decodes in 144 MiB; a bomb past the bound is refused unread.
    limits.max_alloc = Some(192 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|_| Refused::Unreadable)?;
    let photo = if decoded.width().max(decoded.height()) > MAX_SIDE {
        decoded.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle)
    } else {
        decoded
    };
    encode(&photo).ok_or(Refused::Unreadable)
}

fn encode(photo: &DynamicImage) -> Option<NewPhoto> {
    let mut out = Vec::new();
    let content_type = if photo.color().has_alpha() {
        photo.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).ok()?;
        "image/png"
    } else {
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&photo.to_rgb8()).ok()?;
        "image/jpeg"
    };
    Some(NewPhoto {
        content_type: content_type.to_owned(),
        bytes: out,
        width: photo.width(),
        height: photo.height(),
        deliver_as: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 30])));
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg).expect("jpeg");
        out
    }

    #[test]
    fn only_pixels_survive_and_large_photos_are_scaled_down() {
        let photo = clean(&jpeg(4000, 1000)).expect("a photo");
        assert_eq!((photo.content_type.as_str(), photo.width, photo.height), ("image/jpeg", 2048, 512));
        assert_eq!(sniff(&photo.bytes), Some(ImageFormat::Jpeg));
    }

    #[test]
    fn what_is_not_a_photo_by_its_content_is_refused() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(clean(svg), Err(Refused::NotAPhoto));
        assert_eq!(clean(b"#!/bin/sh\nrm -rf /\n"), Err(Refused::NotAPhoto));
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert_eq!(clean(heic), Err(Refused::NotAPhoto));
        let mut broken = jpeg(10, 10);
        broken.truncate(20);
        assert_eq!(clean(&broken), Err(Refused::Unreadable));
    }

    #[test]
    fn a_photo_claiming_sixty_thousand_pixels_a_side_is_refused() {
        // A PNG whose header claims 60,000 × 60,000 pixels (a decompression bomb's shape).
        let mut out = Vec::new();
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(4, 4, image::Rgb([1, 2, 3])));
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).expect("png");
        out[16..20].copy_from_slice(&60_000_u32.to_be_bytes());
        out[20..24].copy_from_slice(&60_000_u32.to_be_bytes());
        let ihdr = &out[12..29];
        let crc = ihdr.iter().fold(0xFFFF_FFFF_u32, |mut c, b| {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 == 1 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 };
            }
            c
        }) ^ 0xFFFF_FFFF;
        out[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(clean(&out), Err(Refused::Unreadable));
    }
}
