from zhengwu.dispatch.rules.classifier import jieba_tokens


def test_words_follow_jiebas_dictionary_without_hmm():
    # the Rust port must cut as jieba does: the model's features depend on it
    assert jieba_tokens("我们小区门口的路灯坏了一个月了，请尽快处理。") == [
        "我们", "小区", "门口", "的", "路灯", "坏", "了", "一个月", "了", "，", "请", "尽快", "处理", "。"]


def test_whitespace_is_not_a_word():
    assert jieba_tokens("东门 老街\n路灯") == ["东门", "老街", "路灯"]
