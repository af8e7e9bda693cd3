Feature: Errors raised by traversals

  Scenario: g_V_unknownStep
    Given the modern graph
    And the traversal of
      """
      g.V().noSuchStep()
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "No signature of method"

  Scenario: g_V_limitXstringX
    Given the modern graph
    And the traversal of
      """
      g.V().limit('a')
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "No signature of method"

  Scenario: g_unboundVariable
    Given the modern graph
    And the traversal of
      """
      g.V(undefinedVariable)
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "No such property: undefinedVariable"

  Scenario: g_V_rangeX3_1X
    Given the modern graph
    And the traversal of
      """
      g.V().range(3, 1)
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "Not a legal range"

  Scenario: g_VXv1X_valuesXnameX_mathX_plus_1X
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).values('name').math('_ + 1')
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "must resolve to a Number"

  @doubt
  Scenario: g_V_capXnothingX
    Given the modern graph
    And the traversal of
      """
      g.V().cap('nothing')
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "side-effect key does not exist"

  Scenario: g_V_group_byXlabelX_byXcountX_byXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().group().by(T.label).by(__.count()).by('name')
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "have already been set"

  @mutates
  Scenario: g_addVXalienX
    Given the modern graph
    And the traversal of
      """
      g.addV('alien')
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "Undefined vertex label"

  @mutates
  Scenario: g_addVXpersonX_propertyXage_oldX
    Given the modern graph
    And the traversal of
      """
      g.addV('person').property('name', 'x').property('age', 'old')
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "Invalid property value"

  @mutates
  Scenario: g_addVXpersonX_propertyXweight_1X
    Given the modern graph
    And the traversal of
      """
      g.addV('person').property('name', 'x').property('weight', 1.0d)
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "Invalid property 'weight'"

  @mutates
  Scenario: g_addVXpersonX_failed_rollsBack
    Given the modern graph
    And the traversal of
      """
      g.addV('person').property('name', 'ghost').iterate(); g.addV('alien').iterate()
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "Undefined vertex label"
    And the graph should return 0 for count of "g.V().has('name', 'ghost').count()"

  @doubt
  Scenario: g_syntaxError
    Given the modern graph
    And the traversal of
      """
      g.V().out(
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of "startup failed"

  Scenario: g_VXv1X_nextXemptyX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'nobody').next()
      """
    When iterated to list
    Then the traversal will raise an error with message containing text of ""
