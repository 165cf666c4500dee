/** Where a webhook may go: http(s) only (https outside the city network), no credentials in the URL. */
export function webhookUrlProblem(text: string): { en: string; vi: string } | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { en: 'not a URL', vi: 'không phải địa chỉ URL hợp lệ' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { en: 'only http and https URLs', vi: 'chỉ nhận địa chỉ http hoặc https' };
  // A password in the URL would be listed in the console and the audit log: the signature authenticates instead.
  if (url.username !== '' || url.password !== '')
    return {
      en: 'no credentials in the URL: the receiver checks X-IOC-Signature',
      vi: 'không đặt tên đăng nhập/mật khẩu trong URL: bên nhận kiểm tra chữ ký X-IOC-Signature',
    };
  if (url.hash !== '') return { en: 'no #fragment', vi: 'không có phần #' };
  return null;
}
