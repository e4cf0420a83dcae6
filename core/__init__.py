"""Domain logic of the complaint assistant. Qt-free: the GUI and the CLI both stand on it."""

APP_NAME = "原图投诉助手"
APP_NAME_EN = "Yuantu Complaint Assistant"
APP_ID = "yuantu"
__version__ = "0.1.0"
