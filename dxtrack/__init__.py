"""dxtrack: theo dõi, đánh giá chương trình chuyển đổi số cấp tỉnh."""

__version__ = "0.1.0"
