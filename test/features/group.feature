Feature: Step - group(), groupCount(), by()

  Scenario: g_V_groupCount_byXlabelX
    Given the modern graph
    And the traversal of
      """
      g.V().groupCount().by(T.label)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"person": "d[4].l", "software": "d[2].l"}] |

  Scenario: g_V_groupCount_byXlabel_shortX
    Given the modern graph
    And the traversal of
      """
      g.V().groupCount().by(label)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"person": "d[4].l", "software": "d[2].l"}] |

  Scenario: g_V_out_groupCount_byXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().out().groupCount().by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"vadas": "d[1].l", "josh": "d[1].l", "lop": "d[3].l", "ripple": "d[1].l"}] |

  Scenario: g_V_out_groupCount
    Given the modern graph
    And the traversal of
      """
      g.V().out().groupCount()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"v[vadas]": "d[1].l", "v[josh]": "d[1].l", "v[lop]": "d[3].l", "v[ripple]": "d[1].l"}] |

  Scenario: g_V_valuesXlangX_groupCount
    Given the modern graph
    And the traversal of
      """
      g.V().values('lang').groupCount()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"java": "d[2].l"}] |

  Scenario: g_E_groupCount_byXweightX
    Given the modern graph
    And the traversal of
      """
      g.E().groupCount().by('weight')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"d[0.5].d": "d[1].l", "d[1.0].d": "d[2].l", "d[0.4].d": "d[2].l", "d[0.2].d": "d[1].l"}] |

  Scenario: g_V_outXcreatedX_groupCount_byXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().out('created').groupCount().by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"lop": "d[3].l", "ripple": "d[1].l"}] |

  Scenario: g_V_hasXname_nobodyX_groupCount
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'nobody').groupCount()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{}] |

  Scenario: g_V_out_groupCountXaX_byXnameX_capXaX
    Given the modern graph
    And the traversal of
      """
      g.V().out().groupCount('a').by('name').cap('a')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"vadas": "d[1].l", "josh": "d[1].l", "lop": "d[3].l", "ripple": "d[1].l"}] |

  Scenario: g_V_groupCount_byXlabelX_selectXkeysX
    Given the modern graph
    And the traversal of
      """
      g.V().groupCount().by(T.label).select(Column.keys)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | s[person,software] |

  Scenario: g_V_groupCount_byXlabelX_selectXvaluesX
    Given the modern graph
    And the traversal of
      """
      g.V().groupCount().by(T.label).select(Column.values)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | s[d[4].l,d[2].l] |

  Scenario: g_V_groupCount_byXlabelX_unfold
    Given the modern graph
    And the traversal of
      """
      g.V().groupCount().by(T.label).unfold()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"person": "d[4].l"}] |
      | m[{"software": "d[2].l"}] |

  Scenario: g_V_groupCount_byXlabelX_selectXvaluesX_unfold_sum
    Given the modern graph
    And the traversal of
      """
      g.V().groupCount().by(T.label).select(Column.values).unfold().sum()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_V_groupCount_byXlabelX_selectXpersonX
    Given the modern graph
    And the traversal of
      """
      g.V().groupCount().by(T.label).select('person')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[4].l |

  Scenario: g_V_group_byXlabelX
    Given the modern graph
    And the traversal of
      """
      g.V().group().by(T.label)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"person": "s[v[marko],v[vadas],v[josh],v[peter]]", "software": "s[v[lop],v[ripple]]"}] |

  Scenario: g_V_group_byXlabelX_byXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().group().by(T.label).by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"person": "s[marko,vadas,josh,peter]", "software": "s[lop,ripple]"}] |

  Scenario: g_V_group_byXlabelX_byXcountX
    Given the modern graph
    And the traversal of
      """
      g.V().group().by(T.label).by(__.count())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"person": "d[4].l", "software": "d[2].l"}] |

  Scenario: g_V_hasLabelXpersonX_group_byXageX_byXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').group().by('age').by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"d[29].i": ["marko"], "d[27].i": ["vadas"], "d[32].i": ["josh"], "d[35].i": ["peter"]}] |

  Scenario: g_V_hasLabelXpersonX_group_byXout_countX_byXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').group().by(__.out().count()).by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"d[3].l": ["marko"], "d[0].l": ["vadas"], "d[2].l": ["josh"], "d[1].l": ["peter"]}] |

  Scenario: g_E_group_byXlabelX_byXvaluesXweightX_sumX
    Given the modern graph
    And the traversal of
      """
      g.E().group().by(T.label).by(__.values('weight').sum())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"knows": "d[1.5].d", "created": "d[2.0].d"}] |

  @doubt
  Scenario: g_V_group_byXlabelX_byXvaluesXnameX_order_foldX
    Given the modern graph
    And the traversal of
      """
      g.V().group().by(T.label).by(__.values('name').order().fold())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"person": ["josh", "marko", "peter", "vadas"], "software": ["lop", "ripple"]}] |

  Scenario: g_V_groupXaX_byXlabelX_byXcountX_capXaX
    Given the modern graph
    And the traversal of
      """
      g.V().group('a').by(T.label).by(__.count()).cap('a')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"person": "d[4].l", "software": "d[2].l"}] |

  Scenario: g_V_group_byXlabelX_byXcountX_selectXpersonX
    Given the modern graph
    And the traversal of
      """
      g.V().group().by(T.label).by(__.count()).select('person')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[4].l |

  Scenario: g_V_outE_group_byXinV_nameX_byXvaluesXweightX_maxX
    Given the modern graph
    And the traversal of
      """
      g.V().outE().group().by(__.inV().values('name')).by(__.values('weight').max())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"vadas": "d[0.5].d", "josh": "d[1.0].d", "lop": "d[0.4].d", "ripple": "d[1.0].d"}] |

  Scenario: g_V_hasLabelXsoftwareX_group_byXnameX_byXinXcreatedX_countX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').group().by('name').by(__.in('created').count())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"lop": "d[3].l", "ripple": "d[1].l"}] |

  Scenario: g_V_group_byXlabelX_byXvaluesXnameX_foldX_unfold
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').group().by(T.label).by(__.values('name').fold()).unfold()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"software": "s[lop,ripple]"}] |
