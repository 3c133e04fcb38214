import{c as a}from"./chunk-Z6QLWTL5.js";import"./chunk-BCOS4BET.js";export{a as reactions};
