#include "http/status.hpp"

#include "http/html_escape.hpp"

namespace portico::http {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";  // RFC 9110 renamed "Payload Too Large"
    case 414:
      return "URI Too Long";
    case 416:
      return "Range Not Satisfiable";
    case 417:
      return "Expectation Failed";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

std::string error_page_html(int status, std::string_view detail) {
  // The reason is ours, but it goes through the same escaping as the detail so that the page
  // stays safe even if the table ever gains a phrase with markup characters.
  const std::string title =
      html_escape(std::to_string(status) + " " + std::string(reason_phrase(status)));
  std::string page;
  page.reserve(256 + detail.size());
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>" + title + "</title>\n</head>\n<body>\n<h1>" + title + "</h1>\n";
  if (!detail.empty()) page += "<p>" + html_escape(detail) + "</p>\n";
  page += "<hr>\n<footer>portico</footer>\n</body>\n</html>\n";
  return page;
}

}  // namespace portico::http
